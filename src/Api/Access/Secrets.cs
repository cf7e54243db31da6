using System.Security.Cryptography;

namespace SimpleCrm.Api.Access;

/// <summary>Random opaque secrets (refresh tokens, reset links, API keys) and the hash that is stored instead.</summary>
public static class Secrets
{
    public static string NewToken(int bytes = 32) => Base64Url(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>SHA-256: the secrets are 256 random bits, so a slow password hash would add nothing.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
