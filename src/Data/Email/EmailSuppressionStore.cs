using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Email;

/// <summary>An address the CRM no longer mails, and why.</summary>
public sealed record EmailSuppression(string Address, string Reason, string? Detail, DateTimeOffset CreatedAt);

/// <summary>Undeliverable addresses per workspace (hard bounces, drops), compared case-insensitively.</summary>
public sealed class EmailSuppressionStore(CrmDatabase database)
{
    public const int DetailMax = 500;

    /// <summary>Marks the address undeliverable; the first report stays (a repeat of the event changes nothing).</summary>
    public async Task SuppressAsync(WorkspaceId workspace, string address, string reason, string? detail, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync("""
            insert into email_suppressions (workspace_id, address, reason, detail)
            values (@workspace, @address, @reason, @detail)
            on conflict (workspace_id, address) do nothing
            """, new { workspace = workspace.Value, address = Normalize(address), reason, detail = detail is { Length: > DetailMax } ? detail[..DetailMax] : detail },
            cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    /// <summary>The suppressions among <paramref name="addresses"/>, by normalized address (one query for a sender's batch).</summary>
    public async Task<IReadOnlyDictionary<string, EmailSuppression>> FindManyAsync(WorkspaceId workspace, IEnumerable<string> addresses, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var found = await session.QueryAsync<EmailSuppression>("""
            select address, reason, detail, created_at as createdat from email_suppressions where workspace_id = @workspace and address = any(@addresses)
            """, new { workspace = workspace.Value, addresses = addresses.Select(Normalize).Distinct().ToArray() }, cancellationToken);
        return found.ToDictionary(s => s.Address);
    }

    public static string Normalize(string address) => address.Trim().ToLowerInvariant();

    public async Task<EmailSuppression?> FindAsync(WorkspaceId workspace, string address, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await session.QuerySingleOrDefaultAsync<EmailSuppression>("""
            select address, reason, detail, created_at as createdat from email_suppressions where workspace_id = @workspace and address = @address
            """, new { workspace = workspace.Value, address = Normalize(address) }, cancellationToken);
    }
}
