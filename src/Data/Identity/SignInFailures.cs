using System.Security.Cryptography;
using System.Text;
using Dapper;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Identity;

/// <summary>
/// Failed password sign-ins per email address, known to the CRM or not, so the lockout cannot tell who has an
/// account. Keyed by a hash of the lower-cased address; failures in a row count when each comes within a day of
/// the last.
/// </summary>
public sealed class SignInFailures(CrmDatabase database)
{
    private static readonly TimeSpan Memory = TimeSpan.FromDays(1);

    /// <returns>When the address's lock ends, or null when it is not locked.</returns>
    public async Task<DateTimeOffset?> LockedUntilAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(
            "select locked_until from sign_in_failures where email_hash = @hash and locked_until > now()",
            new { hash = Hash(email) }, cancellationToken: cancellationToken));
    }

    /// <summary>Counts a failure and, past the threshold <paramref name="lockUntil"/> sets, locks the address.</summary>
    public async Task RecordAsync(string email, Func<int, DateTimeOffset?> lockUntil, CancellationToken cancellationToken = default)
    {
        var hash = Hash(email);
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        var failures = await connection.ExecuteScalarAsync<int>(new CommandDefinition("""
            delete from sign_in_failures where last_failed_at < now() - @memory;
            insert into sign_in_failures as f (email_hash, failures, last_failed_at) values (@hash, 1, now())
            on conflict (email_hash) do update set failures = f.failures + 1, last_failed_at = now()
            returning failures
            """, new { hash, memory = Memory }, cancellationToken: cancellationToken));
        if (lockUntil(failures) is { } until)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update sign_in_failures set locked_until = @until where email_hash = @hash", new { hash, until }, cancellationToken: cancellationToken));
        }
    }

    /// <summary>Forgets the address's failures: after a sign-in or a password reset.</summary>
    public async Task ClearAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from sign_in_failures where email_hash = @hash", new { hash = Hash(email) }, cancellationToken: cancellationToken));
    }

    private static byte[] Hash(string email) => SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant()));
}
