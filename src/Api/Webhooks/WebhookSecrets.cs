using Microsoft.AspNetCore.DataProtection;
using SimpleCrm.Api.Access;

namespace SimpleCrm.Api.Webhooks;

/// <summary>Signing secrets: made here unless the caller brings one, stored encrypted with the shared key ring.</summary>
public sealed class WebhookSecrets(IDataProtectionProvider protection)
{
    public const string Prefix = "whsec_";
    public const int MinLength = 16;
    public const int MaxLength = 200;

    private readonly IDataProtector protector = protection.CreateProtector("SimpleCrm.Webhooks.Secret");

    public static string New() => Prefix + Secrets.NewToken();

    /// <summary>Why a caller's own secret will not do, or null.</summary>
    public static string? Problem(string secret) =>
        secret.Length < MinLength || secret.Length > MaxLength || secret.Any(c => c <= ' ' || c > '~')
            ? $"A secret is {MinLength} to {MaxLength} printable ASCII characters without spaces (or leave it out and one is made)."
            : null;

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);
}
