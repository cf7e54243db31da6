using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Orders;

namespace SimpleCrm.Contracts.Commerce;

/// <summary>A refund as the shop recorded it; its id makes repeating it harmless.</summary>
[GenerateSerializer, Immutable, Alias("crm.SourceRefund")]
public sealed record SourceRefund(
    [property: Id(0)] string ExternalId,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] string? Reason,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>
/// An order as a shop states it at <see cref="SourceUpdatedAt"/>. The shop's totals are the truth: they are stored as
/// given, never recomputed from the lines (discounts, duties and tax rules of the shop are not ours to redo).
/// </summary>
[GenerateSerializer, Immutable, Alias("crm.SourceOrder")]
public sealed record SourceOrder
{
    [Id(0)] public required Guid ShopId { get; init; }
    [Id(1)] public required string ExternalId { get; init; }
    [Id(2)] public DateTimeOffset? SourceUpdatedAt { get; init; }
    [Id(3)] public required Guid CustomerId { get; init; }
    [Id(4)] public required string OrderNumber { get; init; }

    /// <summary>Appended to the order number when another order of the workspace (another shop's) has it.</summary>
    [Id(5)] public required string SourceKey { get; init; }
    [Id(6)] public required string Currency { get; init; }
    [Id(7)] public IReadOnlyList<OrderItemDraft> Items { get; init; } = [];
    [Id(8)] public decimal SubtotalAmount { get; init; }
    [Id(9)] public decimal TaxAmount { get; init; }
    [Id(10)] public decimal ShippingAmount { get; init; }
    [Id(11)] public decimal DiscountAmount { get; init; }
    [Id(12)] public decimal TotalAmount { get; init; }
    [Id(13)] public OrderStatus Status { get; init; }
    [Id(14)] public PaymentStatus PaymentStatus { get; init; }
    [Id(15)] public ShippingInfo Shipping { get; init; } = new();
    [Id(16)] public string? Notes { get; init; }
    [Id(17)] public required DateTimeOffset OrderedAt { get; init; }
    [Id(18)] public IReadOnlyList<SourceRefund> Refunds { get; init; } = [];
    [Id(19)] public string? PresentmentCurrency { get; init; }
    [Id(20)] public decimal? PresentmentTotal { get; init; }
    [Id(21)] public required string Platform { get; init; }
}

/// <summary>What the order grain did with a shop's event.</summary>
public enum SourceApplied
{
    Created,
    Updated,

    /// <summary>The order already reflects this or a newer state of the shop: nothing changed.</summary>
    Stale,
}

/// <summary>
/// The order grain's door for shop events (implemented by the same grain as <see cref="IOrderGrain"/>, keyed the same
/// way), so a shop's orders keep one writer with people's edits.
/// </summary>
[Alias("crm.ISourceOrderSync")]
public interface ISourceOrderSync : IGrainWithGuidCompoundKey
{
    /// <summary>Creates the order or brings it to the shop's state, unless the shop's state is older than the one held.</summary>
    [Alias("apply-source")]
    Task<CommandResult<SourceApplied>> ApplySourceAsync(SourceOrder order, ChangeContext context);

    /// <summary>
    /// As <see cref="ApplySourceAsync"/>, for an event the shop sends when it creates the order: the order is inserted
    /// without reading first whether it exists, and read only when it does (a repeated event, or its update came first).
    /// </summary>
    [Alias("apply-source-create")]
    Task<CommandResult<SourceApplied>> ApplySourceCreateAsync(SourceOrder order, ChangeContext context);

    /// <summary>Records one refund of the shop, once (by its id). NotFound when the order has not arrived yet.</summary>
    [Alias("apply-source-refund")]
    Task<CommandResult<SourceApplied>> ApplySourceRefundAsync(SourceRefund refund, ChangeContext context);
}

public static class SourceOrderKeys
{
    public static ISourceOrderSync GetSourceOrder(this IGrainFactory grains, WorkspaceId workspace, Guid orderId) =>
        grains.GetGrain<ISourceOrderSync>(orderId, workspace.ToString());

    /// <summary>The local id of a shop's order: the same on every node and every delivery, so an update before its create converges.</summary>
    public static Guid OrderId(WorkspaceId workspace, Guid shopId, string externalId) => StableIds.From($"order/{workspace}/{shopId}/{externalId}");
}

/// <summary>Name-based UUIDs (version 8, from SHA-256) for rows that must be the same whoever creates them first.</summary>
public static class StableIds
{
    public static Guid From(string name)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
