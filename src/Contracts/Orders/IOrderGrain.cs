using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Contracts.Orders;

/// <summary>The one writer of an order. Keyed like customers: order UUID + workspace id as key extension.</summary>
[Alias("crm.IOrderGrain")]
public interface IOrderGrain : IGrainWithGuidCompoundKey
{
    [Alias("get")]
    Task<OrderSnapshot?> GetAsync();

    [Alias("create")]
    Task<CommandResult<OrderSnapshot>> CreateAsync(OrderDraft draft, ChangeContext context);

    [Alias("update")]
    Task<CommandResult<OrderSnapshot>> UpdateAsync(OrderChanges changes, ChangeContext context);

    [Alias("change-status")]
    Task<CommandResult<OrderSnapshot>> ChangeStatusAsync(OrderStatus status, ChangeContext context);

    [Alias("refund")]
    Task<CommandResult<OrderSnapshot>> RefundAsync(RefundRequest refund, ChangeContext context);

    /// <summary>An admin's explicit restatement: the USD amounts again, at the rates now held for the order's date.</summary>
    [Alias("restate")]
    Task<CommandResult<OrderSnapshot>> RestateUsdAsync(ChangeContext context);

    /// <summary>The row was changed outside the grain (GDPR erasure): read it again.</summary>
    [Alias("reload")]
    Task ReloadAsync();
}

public static class OrderGrainKeys
{
    public static IOrderGrain GetOrder(this IGrainFactory grains, WorkspaceId workspace, Guid orderId) =>
        grains.GetGrain<IOrderGrain>(orderId, workspace.ToString());
}
