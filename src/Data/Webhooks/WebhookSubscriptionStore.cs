using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Webhooks;

/// <summary>A subscription's row. The secret column is encrypted and never leaves the API except at creation.</summary>
public sealed class WebhookSubscriptionRow
{
    public Guid Id { get; init; }
    public string Url { get; init; } = "";
    public string[] Events { get; init; } = [];
    public bool Active { get; init; }
    public string? DisabledReason { get; init; }
    public int ConsecutiveFailures { get; init; }
    public DateTimeOffset? FailingSince { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>What a PATCH changes; null leaves a field as it is.</summary>
public sealed record WebhookSubscriptionChanges(string? Url, IReadOnlyList<string>? Events, bool? Active);

/// <summary>A workspace's webhook subscriptions (row-level security, and every query names the workspace too).</summary>
public sealed class WebhookSubscriptionStore(CrmDatabase database)
{
    private const string Columns = "id, url, events, active, disabled_reason, consecutive_failures, failing_since, created_at, updated_at";

    public async Task<WebhookSubscriptionRow> CreateAsync(WorkspaceId workspace, string url, IReadOnlyList<string> events, string protectedSecret, bool active, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<WebhookSubscriptionRow>($"""
            insert into webhook_subscriptions (workspace_id, id, url, events, secret, active)
            values (@workspace, @id, @url, @events, @secret, @active)
            returning {Columns}
            """, new { workspace = workspace.Value, id = Guid.CreateVersion7(), url, events = events.ToArray(), secret = protectedSecret, active }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return row!;
    }

    public async Task<IReadOnlyList<WebhookSubscriptionRow>> ListAsync(WorkspaceId workspace, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<WebhookSubscriptionRow>(
            $"select {Columns} from webhook_subscriptions where workspace_id = @workspace order by created_at desc, id desc",
            new { workspace = workspace.Value }, cancellationToken)).ToList();
    }

    public async Task<WebhookSubscriptionRow?> FindAsync(WorkspaceId workspace, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await session.QuerySingleOrDefaultAsync<WebhookSubscriptionRow>(
            $"select {Columns} from webhook_subscriptions where workspace_id = @workspace and id = @id",
            new { workspace = workspace.Value, id }, cancellationToken);
    }

    /// <summary>
    /// Applies the changes. Switching a subscription on again clears why it was switched off and its failure
    /// count, so it gets a fresh 24 hours.
    /// </summary>
    public async Task<WebhookSubscriptionRow?> UpdateAsync(WorkspaceId workspace, Guid id, WebhookSubscriptionChanges changes, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<WebhookSubscriptionRow>($"""
            update webhook_subscriptions set
                url = coalesce(@url::text, url),
                events = coalesce(@events::text[], events),
                disabled_reason = case when @active::boolean is null then disabled_reason when @active::boolean then null else 'Switched off by a team member.' end,
                consecutive_failures = case when @active::boolean then 0 else consecutive_failures end,
                failing_since = case when @active::boolean then null else failing_since end,
                active = coalesce(@active::boolean, active),
                updated_at = now()
            where workspace_id = @workspace and id = @id
            returning {Columns}
            """, new { workspace = workspace.Value, id, url = changes.Url, events = changes.Events?.ToArray(), active = changes.Active }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return row;
    }

    /// <summary>Deletes the subscription with its deliveries and their attempts.</summary>
    public async Task<bool> DeleteAsync(WorkspaceId workspace, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var deleted = await session.ExecuteAsync("delete from webhook_subscriptions where workspace_id = @workspace and id = @id",
            new { workspace = workspace.Value, id }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return deleted > 0;
    }
}
