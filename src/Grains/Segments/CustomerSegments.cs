using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Contracts.Segments;
using SimpleCrm.Data.Segments;
using SimpleCrm.Domain.Segments;

namespace SimpleCrm.Grains.Segments;

/// <summary>
/// The customer grain's segment part: after each committed change it evaluates the workspace's dynamic segments in
/// memory against the customer, writes the stays that open or close (with timeline entries and outbox events) in one
/// transaction, hands the entries to the live timeline and moves the segments' counts. Owned by one customer grain, so
/// never called concurrently.
/// </summary>
internal sealed class CustomerSegments(
    WorkspaceId workspace,
    Guid customerId,
    SegmentStore store,
    IGrainFactory grains,
    Func<TimelineEntry, Task> written,
    ILogger logger)
{
    /// <summary>Parsed rules by segment id and version, shared by every customer grain of the silo (definitions are immutable).</summary>
    private static readonly ConcurrentDictionary<(Guid, int), SegmentRule> Parsed = new();

    /// <summary>
    /// Whether a segment_flips row may exist for the customer. A new activation assumes none, so a customer in a
    /// workspace without dynamic segments costs no write; a row left from an earlier activation comes due in the
    /// sweep, which reconciles it (<see cref="TimePassedAsync"/>).
    /// </summary>
    private bool hasFlip;
    private (IReadOnlySet<string> ProductIds, IReadOnlySet<string> Skus)? purchases;

    /// <summary>Orders changed: what the customer bought may have too.</summary>
    public void OrdersChanged() => purchases = null;

    /// <summary>The sweep found this customer due: there is a flips row to rewrite or clear, whatever this activation thought.</summary>
    public Task TimePassedAsync(CustomerSnapshot? customer)
    {
        hasFlip = true;
        return ReconcileAsync(customer);
    }

    /// <summary>Best effort after the change is committed: a failure is logged and the next change or sweep repairs it.</summary>
    public async Task ReconcileAsync(CustomerSnapshot? customer)
    {
        try
        {
            if (customer is null)
            {
                await MovedAsync(await store.LeaveAllAsync(workspace, customerId), -1);
                return;
            }

            var definitions = await grains.GetGrain<ISegmentCatalogGrain>(workspace.Value).GetAsync();
            var dynamic = definitions.Where(d => d.Kind == SegmentKind.Dynamic && d.RulesJson is not null)
                .Select(d => (Definition: d, Rule: Parsed.GetOrAdd((d.Id, d.Version), _ => SegmentRuleParser.Parse(d.RulesJson!).Rule!)))
                .ToList();
            if (dynamic.Count == 0 && !hasFlip)
            {
                return;
            }

            var subject = SegmentSubject.Of(customer);
            if (dynamic.Any(d => SegmentFields.NeedsPurchases(d.Rule)))
            {
                purchases ??= await store.PurchasesAsync(workspace, customerId);
                subject = subject with { ProductIds = purchases.Value.ProductIds, Skus = purchases.Value.Skus };
            }

            var now = DateTimeOffset.UtcNow;
            var matching = dynamic.Where(d => SegmentEvaluator.Matches(d.Rule, subject, now)).Select(d => d.Definition.Id).ToList();
            var flipsAt = dynamic.Select(d => SegmentEvaluator.NextFlip(d.Rule, subject, now)).Where(t => t is not null).Min();
            var moves = await store.ReconcileCustomerAsync(workspace, customerId, dynamic.ToDictionary(d => d.Definition.Id, d => d.Definition.Name), matching, flipsAt, hasFlip);
            hasFlip = flipsAt is not null;

            // Counts first, so a client that refetches on the pushed entry sees them moved.
            await MovedAsync(moves.Entered, +1);
            await MovedAsync(moves.Left, -1);
            foreach (var entry in moves.Entries)
            {
                await written(entry);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Segment membership of customer {CustomerId} was not brought up to date", customerId);
        }
    }

    /// <summary>Each segment's count is its own grain's: told all at once, not one after another.</summary>
    private Task MovedAsync(IEnumerable<Guid> segments, int delta) =>
        Task.WhenAll(segments.Select(segment => grains.GetGrain<ISegmentGrain>(segment, workspace.ToString()).MembersMovedAsync(delta)));
}
