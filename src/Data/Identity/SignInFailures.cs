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

    /// <summary>
    /// The address's record in one read: whether it has failures to forget after a sign-in (most sign-ins have
    /// none, and then skip that write) and when its lock ends.
    /// </summary>
    public async Task<SignInFailureRecord> ReadAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        var lockedUntil = await connection.QuerySingleOrDefaultAsync<(bool Exists, DateTimeOffset? LockedUntil)>(new CommandDefinition(
            "select true, case when locked_until > now() then locked_until end from sign_in_failures where email_hash = @hash",
            new { hash = Hash(email) }, cancellationToken: cancellationToken));
        return new SignInFailureRecord(lockedUntil.Exists, lockedUntil.LockedUntil);
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

/// <param name="HasFailures">Failures are on record for the address (locked or not).</param>
/// <param name="LockedUntil">When its lock ends; null when it is not locked now.</param>
public sealed record SignInFailureRecord(bool HasFailures, DateTimeOffset? LockedUntil);
