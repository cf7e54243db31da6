using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Contracts.Customers;

/// <summary>
/// The one writer of a customer. Keyed by the customer's UUID with the workspace id as key extension
/// (use <see cref="CustomerGrainKeys"/>), so the same UUID in another workspace is another grain.
/// </summary>
[Alias("crm.ICustomerGrain")]
public interface ICustomerGrain : IGrainWithGuidCompoundKey
{
    [Alias("get")]
    Task<CustomerSnapshot?> GetAsync();

    [Alias("create")]
    Task<CommandResult<CustomerSnapshot>> CreateAsync(CustomerProfile profile, ChangeContext context);

    /// <param name="expectedVersion">When given, the update applies only to that version (optimistic concurrency).</param>
    [Alias("update")]
    Task<CommandResult<CustomerSnapshot>> UpdateAsync(CustomerProfile profile, int? expectedVersion, ChangeContext context);

    /// <summary>Tags, status or owner, changed in place (no expected version: the edit is a delta).</summary>
    [Alias("edit")]
    Task<CommandResult<CustomerSnapshot>> EditAsync(CustomerEdit edit, ChangeContext context);

    [Alias("delete")]
    Task<CommandResult<CustomerSnapshot>> DeleteAsync(ChangeContext context);

    /// <summary>An order of this customer changed (created, status, refund); recompute the metrics.</summary>
    [Alias("apply-order")]
    Task ApplyOrderAsync(SimpleCrm.Contracts.Orders.OrderFact order);

    /// <summary>As <see cref="ApplyOrderAsync"/>, with the timeline entry the order's change committed (not read back).</summary>
    [Alias("order-written")]
    Task OrderWrittenAsync(SimpleCrm.Contracts.Orders.OrderFact order, SimpleCrm.Contracts.Activities.TimelineEntry entry);

    /// <summary>The row was changed outside the grain (GDPR erasure): drop the copy in memory and read the row again.</summary>
    [Alias("reload")]
    Task ReloadAsync();

    /// <summary>The newest entries of the customer's timeline, held in memory (older ones page from SQL).</summary>
    [Alias("recent-timeline")]
    Task<SimpleCrm.Contracts.Activities.RecentTimeline> GetRecentTimelineAsync();

    /// <summary>An entry of this customer's timeline was committed (an activity changed): keep it and push it live.</summary>
    [Alias("timeline-written")]
    Task TimelineWrittenAsync(SimpleCrm.Contracts.Activities.TimelineEntry entry);

    /// <summary>Evaluates the workspace's dynamic segments again (time passed, or a segment changed).</summary>
    Task ReevaluateSegmentsAsync();
}

public static class CustomerGrainKeys
{
    public static ICustomerGrain GetCustomer(this IGrainFactory grains, WorkspaceId workspace, Guid customerId) =>
        grains.GetGrain<ICustomerGrain>(customerId, workspace.ToString());
}
