using Microsoft.Extensions.Logging;
using Orleans.Streams;
using SimpleCrm.Data.Activities;
using SimpleCrm.Data.Customers;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Domain.Orders;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Grains.Activities;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Grains.Common;
using SimpleCrm.Contracts.Orders;
using SimpleCrm.Grains.Orders;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Data.Segments;
using SimpleCrm.Grains.Segments;

namespace SimpleCrm.Grains.Customers;

/// <summary>
/// Holds one customer live and is the only code that changes it. State is the customers row itself
/// (loaded on activation, written through on every change), not a second copy in grain storage. Its other two jobs
/// are parts of their own, owned by this one activation so they see every change in order: the order metrics
/// (<see cref="CustomerOrderMetrics"/>) and the live timeline (<see cref="CustomerTimelineFeed"/>).
/// </summary>
public sealed class CustomerGrain(CustomerStore store, CurrencyConverter currencies, TimelineQueries timelineQueries, SegmentStore segmentStore, ILogger<CustomerGrain> logger) : Grain, ICustomerGrain
{
    private readonly CustomerOrderMetrics metrics = new(currencies);
    private CustomerTimelineFeed timeline = null!;
    private CustomerSegments segments = null!;
    private WorkspaceId workspace;
    private Guid id;
    private CustomerSnapshot? current;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        id = this.GetPrimaryKey(out var extension);
        workspace = WorkspaceId.Parse(extension ?? throw new InvalidOperationException("A customer grain key must carry its workspace."));
        timeline = new CustomerTimelineFeed(workspace, id, timelineQueries,
            () => this.GetStreamProvider(CrmStreams.Provider).GetStream<TimelineEntryAdded>(StreamId.Create(ActivityStreams.TimelineEntries, workspace.Value)),
            () => current?.Profile.OwnerId, logger);
        segments = new CustomerSegments(workspace, id, segmentStore, GrainFactory, entry => timeline.WrittenAsync(entry), logger);
        current = await store.LoadAsync(workspace, id, cancellationToken);
        if (current is not null)
        {
            metrics.Load(await store.LoadOrderFactsAsync(workspace, id, cancellationToken));

            // Heals metrics a lost order notification left stale.
            await RecomputeMetricsAsync();
            await timeline.LoadAsync(cancellationToken);
        }
    }

    public Task ApplyOrderAsync(OrderFact order) => OrderChangedAsync(order, null);

    public Task OrderWrittenAsync(OrderFact order, TimelineEntry entry) => OrderChangedAsync(order, entry);

    private async Task OrderChangedAsync(OrderFact order, TimelineEntry? entry)
    {
        if (current is null)
        {
            logger.LogWarning("Order {OrderId} reported to missing customer {CustomerId}", order.OrderId, id);
            return;
        }

        await (entry is null ? timeline.OrderChangedAsync(order.OrderId) : timeline.WrittenAsync(entry));
        segments.OrdersChanged();
        if (!metrics.Apply(order) || !await RecomputeMetricsAsync())
        {
            // The figures stayed, but what the customer bought may not have.
            await segments.ReconcileAsync(current);
        }
    }

    public async Task ReevaluateSegmentsAsync() => await segments.TimePassedAsync(current);

    /// <summary>Writes and pushes the metrics when the orders or the currency moved them.</summary>
    /// <returns>Whether they moved.</returns>
    private async Task<bool> RecomputeMetricsAsync()
    {
        var customer = current!;
        var computed = await metrics.ComputeAsync(customer.Profile.Currency);
        if (computed == customer.Metrics)
        {
            return false;
        }

        current = customer with { Metrics = computed };
        await store.UpdateMetricsAsync(current);
        await PublishAsync(CustomerChangeKind.Updated, current);
        return true;
    }

    public Task<CustomerSnapshot?> GetAsync() => Task.FromResult(current);

    public async Task ReloadAsync()
    {
        var reloaded = await store.LoadAsync(workspace, id);
        var changed = reloaded?.Version != current?.Version;
        current = reloaded;
        if (changed && reloaded is not null)
        {
            await PublishAsync(CustomerChangeKind.Updated, reloaded);
        }

        await timeline.ReloadAsync(customerExists: reloaded is not null);
    }

    public async Task<RecentTimeline> GetRecentTimelineAsync() =>
        current is null ? new RecentTimeline([], IsComplete: true) : await timeline.RecentAsync();

    public async Task TimelineWrittenAsync(TimelineEntry entry)
    {
        if (current is null || entry.CustomerId != id)
        {
            return;
        }

        await timeline.WrittenAsync(entry);
    }

    public async Task<CommandResult<CustomerSnapshot>> CreateAsync(CustomerProfile profile, ChangeContext context)
    {
        if (current is not null)
        {
            return CommandResult<CustomerSnapshot>.Conflict("id", $"Customer {id} already exists.");
        }

        var (prepared, errors) = await PrepareAsync(profile);
        if (errors.Count > 0)
        {
            return CommandResult<CustomerSnapshot>.Invalid(errors);
        }

        var now = DatabaseClock.Now();
        var created = new CustomerSnapshot(id, workspace, prepared, CustomerMetrics.None, now, now, Version: 1);
        try
        {
            await store.InsertAsync(created, context);
        }
        catch (Exception e) when (CustomerStore.IsDuplicateEmail(e))
        {
            return DuplicateEmail(prepared.Email);
        }
        catch (Exception e) when (CustomerStore.IsExternalIdTaken(e))
        {
            return ExternalIdTaken();
        }

        current = created;
        await PublishAsync(CustomerChangeKind.Created, created);
        return CommandResult<CustomerSnapshot>.Ok(created);
    }

    public async Task<CommandResult<CustomerSnapshot>> UpdateAsync(CustomerProfile profile, int? expectedVersion, ChangeContext context)
    {
        if (current is null)
        {
            return CommandResult<CustomerSnapshot>.NotFound($"Customer {id} does not exist.");
        }

        if (expectedVersion is not null && expectedVersion != current.Version)
        {
            return CommandResult<CustomerSnapshot>.Conflict("version",
                $"The customer was changed since version {expectedVersion}; it is now at version {current.Version}. Reload and try again.", FieldCodes.ChangedConcurrently);
        }

        var (prepared, errors) = await PrepareAsync(profile);
        if (errors.Count > 0)
        {
            return CommandResult<CustomerSnapshot>.Invalid(errors);
        }

        var updated = current with { Profile = prepared, UpdatedAt = DatabaseClock.Now(), Version = current.Version + 1 };
        try
        {
            if (!await store.UpdateAsync(current, updated, context))
            {
                // Written behind the grain's back (GDPR erasure writes the row directly, then reloads the grain):
                // take what is stored and let the caller retry.
                current = await store.LoadAsync(workspace, id);
                return CommandResult<CustomerSnapshot>.Conflict("version", "The customer was changed at the same time. Reload and try again.", FieldCodes.ChangedConcurrently);
            }
        }
        catch (Exception e) when (CustomerStore.IsDuplicateEmail(e))
        {
            return DuplicateEmail(prepared.Email);
        }
        catch (Exception e) when (CustomerStore.IsExternalIdTaken(e))
        {
            return ExternalIdTaken();
        }

        var currencyChanged = updated.Profile.Currency != current.Profile.Currency;
        current = updated;
        if (currencyChanged)
        {
            metrics.CurrencyChanged();
            await RecomputeMetricsAsync();
        }

        await PublishAsync(CustomerChangeKind.Updated, current);
        return CommandResult<CustomerSnapshot>.Ok(current);
    }

    public Task<CommandResult<CustomerSnapshot>> EditAsync(CustomerEdit edit, ChangeContext context) =>
        current is null
            ? Task.FromResult(CommandResult<CustomerSnapshot>.NotFound($"Customer {id} does not exist."))
            : UpdateAsync(edit.ApplyTo(current.Profile), current.Version, context);

    public async Task<CommandResult<CustomerSnapshot>> DeleteAsync(ChangeContext context)
    {
        if (current is null)
        {
            return CommandResult<CustomerSnapshot>.NotFound($"Customer {id} does not exist.");
        }

        var deleted = current;
        if (metrics.OrderCount > 0)
        {
            return CommandResult<CustomerSnapshot>.Conflict("id", $"The customer has {metrics.OrderCount} order(s); orders are kept for accounting, so the customer cannot be deleted.");
        }

        if (!await store.DeleteAsync(deleted, context))
        {
            current = await store.LoadAsync(workspace, id);
            return CommandResult<CustomerSnapshot>.Conflict("version", "The customer was changed at the same time. Reload and try again.", FieldCodes.ChangedConcurrently);
        }

        current = null;
        await PublishAsync(CustomerChangeKind.Deleted, deleted with { Version = deleted.Version + 1 });
        DeactivateOnIdle();
        return CommandResult<CustomerSnapshot>.Ok(deleted);
    }

    /// <summary>The shared profile rules, then the workspace's custom field definitions.</summary>
    private async Task<(CustomerProfile Profile, IReadOnlyDictionary<string, string[]> Errors)> PrepareAsync(CustomerProfile profile)
    {
        var (prepared, errors) = CustomerProfiles.Prepare(profile);
        if (errors.Count > 0)
        {
            return (prepared, errors);
        }

        var definitions = await GrainFactory.GetGrain<SimpleCrm.Contracts.CustomFields.ICustomFieldSchemaGrain>(workspace.Value).GetAsync();
        return (prepared, Domain.CustomFields.CustomFieldRules.ValidateValues(prepared.CustomFieldsJson, definitions));
    }

    private static CommandResult<CustomerSnapshot> ExternalIdTaken() =>
        CommandResult<CustomerSnapshot>.Conflict("external_ids", "One of these external ids already belongs to another customer in this workspace.", FieldCodes.AlreadyExists);

    private static CommandResult<CustomerSnapshot> DuplicateEmail(string email) =>
        CommandResult<CustomerSnapshot>.Conflict("email", $"Another customer in this workspace already has the email '{email}'.", FieldCodes.AlreadyExists);

    /// <summary>
    /// Live push is best effort: the change is committed already, and clients refetch on reconnect. Then the segments the
    /// change moved the customer into or out of.
    /// </summary>
    private async Task PublishAsync(CustomerChangeKind kind, CustomerSnapshot snapshot)
    {
        await PushAsync(kind, snapshot);
        await segments.ReconcileAsync(kind == CustomerChangeKind.Deleted ? null : snapshot);
    }

    private async Task PushAsync(CustomerChangeKind kind, CustomerSnapshot snapshot)
    {
        try
        {
            var stream = this.GetStreamProvider(CrmStreams.Provider)
                .GetStream<CustomerChanged>(StreamId.Create(CrmStreams.CustomerChanges, workspace.Value));
            await stream.OnNextAsync(new CustomerChanged(workspace, id, kind, snapshot.Version, snapshot.UpdatedAt, snapshot.Profile.OwnerId));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Live push of {Kind} for customer {CustomerId} failed", kind, id);
        }
    }
}
