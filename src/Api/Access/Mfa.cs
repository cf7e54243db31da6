using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using OtpNet;

namespace SimpleCrm.Api.Access;

/// <summary>TOTP (RFC 6238, 30 s, 6 digits) with secrets encrypted at rest, and recovery codes.</summary>
public sealed class Mfa(IDataProtectionProvider protection)
{
    private readonly IDataProtector protector = protection.CreateProtector("SimpleCrm.Mfa.Secret");

    public (string Base32Secret, string ProtectedSecret) NewSecret()
    {
        var secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        return (secret, protector.Protect(secret));
    }

    public static string OtpAuthUri(string email, string base32Secret) =>
        $"otpauth://totp/SimpleCrm:{Uri.EscapeDataString(email)}?secret={base32Secret}&issuer=SimpleCrm&algorithm=SHA1&digits=6&period=30";

    /// <summary>Accepts the current code and one step either side (clock drift).</summary>
    public bool Verify(string? protectedSecret, string code)
    {
        if (protectedSecret is null || code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(protector.Unprotect(protectedSecret)));
        return totp.VerifyTotp(code, out _, new VerificationWindow(previous: 1, future: 1));
    }

    /// <summary>The current code for a secret: used by tests and never sent anywhere.</summary>
    public string CurrentCode(string protectedSecret) => new Totp(Base32Encoding.ToBytes(protector.Unprotect(protectedSecret))).ComputeTotp();

    public static IReadOnlyList<string> NewRecoveryCodes() =>
        Enumerable.Range(0, 10).Select(_ =>
        {
            var text = Convert.ToHexString(RandomNumberGenerator.GetBytes(5)).ToLowerInvariant();
            return $"{text[..5]}-{text[5..]}";
        }).ToList();
}
