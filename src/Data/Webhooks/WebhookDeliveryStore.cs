using Dapper;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Lists;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Webhooks;

/// <summary>A delivery claimed for sending: where to, with which secret, and the exact body.</summary>
public sealed class DueDelivery
{
    public Guid Id { get; init; }
    public Guid SubscriptionId { get; init; }
    public string Event { get; init; } = "";
    /// <summary>Attempts made before this one.</summary>
    public int Attempts { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string Url { get; init; } = "";
    public string Secret { get; init; } = "";
    public string Body { get; init; } = "";
}

/// <summary>How one attempt went. <paramref name="NextRetryAt"/> null after a failure means the delivery gave up.</summary>
public sealed record AttemptOutcome(int Attempt, DateTimeOffset AttemptedAt, int DurationMs, int? StatusCode, string? Error, bool Succeeded, DateTimeOffset? NextRetryAt);

/// <summary>The subscription's failure streak after an attempt was recorded.</summary>
public sealed record SubscriptionHealth(Guid SubscriptionId, string Url, bool Active, int ConsecutiveFailures, DateTimeOffset? FailingSince);

public sealed class WebhookDeliveryRow
{
    public Guid Id { get; init; }
    public Guid SubscriptionId { get; init; }
    public string Event { get; init; } = "";
    public string Status { get; init; } = "";
    public int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public Guid? RedeliveryOf { get; init; }
}

public sealed class WebhookAttemptRow
{
    public Guid DeliveryId { get; init; }
    public int Attempt { get; init; }
    public DateTimeOffset AttemptedAt { get; init; }
    public int DurationMs { get; init; }
    public int? StatusCode { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset? NextRetryAt { get; init; }
}

/// <summary>The redelivery could not be queued: no such delivery, or its subscription is switched off.</summary>
public enum RedeliveryRefusal { None, NotFound, SubscriptionInactive }

/// <summary>
/// Deliveries: made from the outbox by the dispatcher, claimed by a sender under a lease, finished by recording
/// the attempt. Every statement runs in a workspace session.
/// </summary>
public sealed class WebhookDeliveryStore(CrmDatabase database)
{
    private const string Columns = "d.id, d.subscription_id, d.event, d.status, d.attempts, d.next_attempt_at, d.created_at, d.completed_at, d.redelivery_of";

    private static readonly IReadOnlyList<SortTerm> Newest =
    [
        new(new SortableColumn("created_at", "d.created_at", "timestamptz"), Descending: true),
    ];

    /// <summary>Workspaces that have a subscription: the only ones with anything to dispatch or send.</summary>
    public async Task<IReadOnlyList<WorkspaceId>> WorkspacesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return (await connection.QueryAsync<Guid>(new CommandDefinition(
            "select id from workspaces where has_webhooks order by id", cancellationToken: cancellationToken))).Select(id => new WorkspaceId(id)).ToList();
    }

    /// <summary>Removes finished deliveries (with their attempts) completed longer than <paramref name="keep"/> ago; pending ones stay.</summary>
    /// <returns>How many were removed.</returns>
    public async Task<int> ForgetFinishedAsync(WorkspaceId workspace, TimeSpan keep, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var removed = await session.ExecuteAsync(
            "delete from webhook_deliveries where workspace_id = @workspace and status <> 'pending' and completed_at < now() - @keep",
            new { workspace = workspace.Value, keep }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return removed;
    }

    /// <summary>
    /// Turns up to <paramref name="batch"/> flagged outbox rows into one delivery per matching active subscription
    /// and clears their flag, in one transaction (rows another node holds are skipped, not waited for).
    /// </summary>
    /// <returns>How many outbox rows were handled.</returns>
    public async Task<int> DispatchAsync(WorkspaceId workspace, int batch, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var handled = await session.ExecuteAsync("""
            with claimed as (
                select o.id, o.topic, o.occurred_at from outbox o
                where o.workspace_id = @workspace and o.webhook_pending
                order by o.id
                limit @batch
                for update skip locked
            ), created as (
                insert into webhook_deliveries (workspace_id, id, subscription_id, outbox_id, event, next_attempt_at)
                select @workspace, gen_random_uuid(), s.id, c.id, c.topic, now()
                from claimed c
                join webhook_subscriptions s on s.workspace_id = @workspace and s.active and c.topic = any (s.events) and s.created_at <= c.occurred_at
                on conflict (workspace_id, subscription_id, outbox_id) where redelivery_of is null do nothing
            )
            update outbox o set webhook_pending = false
            from claimed c
            where o.workspace_id = @workspace and o.id = c.id
            """, new { workspace = workspace.Value, batch }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return handled;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries of active subscriptions for <paramref name="lease"/>:
    /// until then no other sender takes them, and a sender that died lets them go when the lease ends.
    /// </summary>
    public async Task<IReadOnlyList<DueDelivery>> ClaimDueAsync(WorkspaceId workspace, int limit, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var claimed = (await session.QueryAsync<DueDelivery>("""
            with due as (
                select d.id from webhook_deliveries d
                join webhook_subscriptions s on s.workspace_id = d.workspace_id and s.id = d.subscription_id and s.active
                where d.workspace_id = @workspace and d.status = 'pending' and d.next_attempt_at <= now()
                  and (d.leased_until is null or d.leased_until < now())
                order by d.next_attempt_at
                limit @limit
                for update of d skip locked
            )
            update webhook_deliveries d set leased_until = now() + @lease
            from due, webhook_subscriptions s, outbox o
            where d.workspace_id = @workspace and d.id = due.id
              and s.workspace_id = @workspace and s.id = d.subscription_id
              and o.workspace_id = @workspace and o.id = d.outbox_id
            returning d.id, d.subscription_id, d.event, d.attempts, d.created_at, s.url, s.secret, o.payload::text as body
            """, new { workspace = workspace.Value, limit, lease }, cancellationToken)).ToList();
        await session.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <summary>
    /// Records the attempt, moves the delivery on (done, failed for good, or due again) and updates the
    /// subscription's failure streak, in one transaction.
    /// </summary>
    public async Task<SubscriptionHealth?> RecordAttemptAsync(WorkspaceId workspace, DueDelivery delivery, AttemptOutcome outcome, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var parameters = new
        {
            workspace = workspace.Value,
            delivery = delivery.Id,
            subscription = delivery.SubscriptionId,
            attempt = outcome.Attempt,
            attemptedAt = outcome.AttemptedAt,
            durationMs = outcome.DurationMs,
            statusCode = outcome.StatusCode,
            error = outcome.Error,
            nextRetryAt = outcome.NextRetryAt,
            status = outcome.Succeeded ? "succeeded" : outcome.NextRetryAt is null ? "failed" : "pending",
            succeeded = outcome.Succeeded,
        };
        var moved = await session.ExecuteAsync("""
            update webhook_deliveries set
                status = @status, attempts = @attempt, next_attempt_at = @nextRetryAt, leased_until = null,
                completed_at = case when @status = 'pending' then null else @attemptedAt end
            where workspace_id = @workspace and id = @delivery and status = 'pending'
            """, parameters, cancellationToken);
        if (moved == 0)
        {
            // Deleted meanwhile (with its subscription): nothing to record.
            return null;
        }

        await session.ExecuteAsync("""
            insert into webhook_attempts (workspace_id, delivery_id, attempt, attempted_at, duration_ms, status_code, error, next_retry_at)
            values (@workspace, @delivery, @attempt, @attemptedAt, @durationMs, @statusCode, @error, @nextRetryAt)
            """, parameters, cancellationToken);
        var health = await session.QuerySingleOrDefaultAsync<SubscriptionHealth>("""
            update webhook_subscriptions set
                consecutive_failures = case when @succeeded then 0 else consecutive_failures + 1 end,
                failing_since = case when @succeeded then null else coalesce(failing_since, @attemptedAt) end
            where workspace_id = @workspace and id = @subscription
            returning id as subscription_id, url, active, consecutive_failures, failing_since
            """, parameters, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return health;
    }

    /// <summary>Switches the subscription off with the reason, unless it is off already.</summary>
    /// <returns>True when this call switched it off.</returns>
    public async Task<bool> DisableAsync(WorkspaceId workspace, Guid subscriptionId, string reason, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var disabled = await session.ExecuteAsync("""
            update webhook_subscriptions set active = false, disabled_reason = @reason, updated_at = now()
            where workspace_id = @workspace and id = @subscriptionId and active
            """, new { workspace = workspace.Value, subscriptionId, reason }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return disabled > 0;
    }

    /// <summary>A subscription's deliveries, newest first, each with its attempts in order.</summary>
    public async Task<(Page<WebhookDeliveryRow> Page, ILookup<Guid, WebhookAttemptRow> Attempts)> ListAsync(
        WorkspaceId workspace, Guid subscriptionId, PageRequest page, CancellationToken cancellationToken = default)
    {
        var p = new DynamicParameters();
        p.Add("workspace", workspace.Value);
        p.Add("subscriptionId", subscriptionId);
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var result = await ListRunner.RunAsync<WebhookDeliveryRow>(session, Columns,
            "from webhook_deliveries d where d.workspace_id = @workspace and d.subscription_id = @subscriptionId", p, Newest, "d.id", page, cancellationToken);
        var ids = result.Items.Select(d => d.Id).ToArray();
        var attempts = (await session.QueryAsync<WebhookAttemptRow>("""
            select delivery_id, attempt, attempted_at, duration_ms, status_code, error, next_retry_at
            from webhook_attempts where workspace_id = @workspace and delivery_id = any (@ids)
            order by delivery_id, attempt
            """, new { workspace = workspace.Value, ids }, cancellationToken)).ToLookup(a => a.DeliveryId);
        return (result, attempts);
    }

    /// <summary>Queues the delivery's event again, as a new delivery of the same subscription, due now.</summary>
    public async Task<(WebhookDeliveryRow? Delivery, RedeliveryRefusal Refusal)> RedeliverAsync(WorkspaceId workspace, Guid deliveryId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var active = await session.QuerySingleOrDefaultAsync<bool?>("""
            select s.active from webhook_deliveries d
            join webhook_subscriptions s on s.workspace_id = d.workspace_id and s.id = d.subscription_id
            where d.workspace_id = @workspace and d.id = @deliveryId
            """, new { workspace = workspace.Value, deliveryId }, cancellationToken);
        if (active is null)
        {
            return (null, RedeliveryRefusal.NotFound);
        }

        if (active is false)
        {
            return (null, RedeliveryRefusal.SubscriptionInactive);
        }

        var row = await session.QuerySingleOrDefaultAsync<WebhookDeliveryRow>($"""
            insert into webhook_deliveries as d (workspace_id, id, subscription_id, outbox_id, event, redelivery_of, next_attempt_at)
            select workspace_id, @id, subscription_id, outbox_id, event, id, now()
            from webhook_deliveries where workspace_id = @workspace and id = @deliveryId
            returning {Columns}
            """, new { workspace = workspace.Value, deliveryId, id = Guid.CreateVersion7() }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return (row, RedeliveryRefusal.None);
    }
}
