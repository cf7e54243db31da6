using Microsoft.AspNetCore.DataProtection;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Email;

/// <summary>Signed (and encrypted) tokens naming the workspace and customer an unsubscribe link belongs to; a changed token is refused.</summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider protection)
{
    private readonly IDataProtector protector = protection.CreateProtector("SimpleCrm.Email.Unsubscribe.v1");

    public string Issue(WorkspaceId workspace, Guid customerId, Guid messageId) =>
        protector.Protect($"{workspace.Value:N}.{customerId:N}.{messageId:N}");

    public (WorkspaceId Workspace, Guid CustomerId, Guid MessageId)? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2000)
        {
            return null;
        }

        try
        {
            var parts = protector.Unprotect(token).Split('.');
            return parts.Length == 3 && Guid.TryParse(parts[0], out var workspace) && Guid.TryParse(parts[1], out var customer) && Guid.TryParse(parts[2], out var message)
                ? (new WorkspaceId(workspace), customer, message)
                : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
