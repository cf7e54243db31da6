using SimpleCrm.Grains.Common;

namespace SimpleCrm.Api.Workspaces;

public static class ChangeContextExtensions
{
    /// <summary>Who and where a change comes from, for its audit row. Sign-in (issue 4) puts the user here.</summary>
    public static ChangeContext ChangeContext(this HttpContext http) =>
        new(http.User.Identity?.Name ?? "anonymous", http.TraceIdentifier, http.Connection.RemoteIpAddress?.ToString());
}
