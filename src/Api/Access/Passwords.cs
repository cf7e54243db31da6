using Microsoft.Extensions.Options;

namespace SimpleCrm.Api.Access;

public sealed class PasswordOptions
{
    /// <summary>bcrypt cost; 12 in production (≈ 250 ms a hash here), lower only in tests.</summary>
    public int BcryptWorkFactor { get; set; } = 12;
}

/// <summary>Hashing (bcrypt) and the password policy: length first, as NIST SP 800-63B advises, no composition rules.</summary>
public sealed class Passwords(IOptions<PasswordOptions> options)
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    // Hashed once so that a sign-in for an unknown email costs the same time as one for a known email.
    private readonly Lazy<string> dummyHash = new(() => BCrypt.Net.BCrypt.HashPassword(Guid.NewGuid().ToString(), options.Value.BcryptWorkFactor));

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password1234", "password12345", "password123456", "123456789012", "1234567890123", "qwertyuiopas",
        "qwerty123456", "iloveyou1234", "letmein12345", "welcome12345", "administrator", "changeme1234",
        "passwordpassword", "abcdefghijkl", "111111111111", "000000000000", "aaaaaaaaaaaa", "simplecrm1234",
        "trustno11234", "football1234", "baseball1234", "superman1234", "qwertyqwerty", "monkey123456",
    };

    public string Hash(string password) => BCrypt.Net.BCrypt.HashPassword(password, options.Value.BcryptWorkFactor);

    public bool Verify(string password, string? hash)
    {
        if (hash is null)
        {
            BCrypt.Net.BCrypt.Verify(password, dummyHash.Value);
            return false;
        }

        return BCrypt.Net.BCrypt.Verify(password, hash);
    }

    /// <returns>What is wrong with the password, or null when it is acceptable.</returns>
    public static string? Weakness(string? password, string email)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
        {
            return $"Use at least {MinLength} characters.";
        }

        if (password.Length > MaxLength)
        {
            return $"Use at most {MaxLength} characters.";
        }

        if (Common.Contains(password) || password.Distinct().Count() < 4)
        {
            return "This password is too common or too simple.";
        }

        var local = email.Split('@')[0];
        return local.Length >= 3 && password.Contains(local, StringComparison.OrdinalIgnoreCase)
            ? "The password must not contain your email address."
            : null;
    }

    /// <summary>After 5 failures in a row: 1 minute, doubling with every further failure, at most an hour.</summary>
    public static DateTimeOffset? LockUntil(int failures) =>
        failures < 5 ? null : DateTimeOffset.UtcNow.AddMinutes(Math.Min(60, Math.Pow(2, Math.Min(failures - 5, 6))));
}
