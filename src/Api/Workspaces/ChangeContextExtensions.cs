using SimpleCrm.Api.Access;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Workspaces;

public static class ChangeContextExtensions
{
    /// <summary>Who and where a change comes from, for its audit row.</summary>
    public static ChangeContext ChangeContext(this HttpContext http) =>
        http.CallerOrNull()?.Change ?? new("anonymous", http.TraceIdentifier, http.Connection.RemoteIpAddress?.ToString());
}
