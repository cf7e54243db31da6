namespace SimpleCrm.Api.Commerce;

/// <summary>A source's customer: upserted by the source's external id; <c>updated_at</c> decides which state is newer.</summary>
public sealed record IngestCustomer(
    string? ExternalId, DateTimeOffset? UpdatedAt, string? Email, string? FirstName, string? LastName, string? Phone, string? CompanyName,
    string? CountryCode, string? Region, string? City, string? PostalCode, string? Currency, string? Language);

/// <summary>The buyer of an ingested order: created when unknown, otherwise left as it is.</summary>
public sealed record IngestBuyer(string? ExternalId, string? Email, string? FirstName, string? LastName, string? CountryCode);

public sealed record IngestOrderItem(string? ProductId, string? Name, string? Sku, int? Quantity, decimal? UnitPrice);

/// <summary>A source's order: its totals are kept as given (never recomputed from the items), like a shop's.</summary>
public sealed record IngestOrder(
    string? ExternalId, DateTimeOffset? UpdatedAt, IngestBuyer? Customer, string? OrderNumber, string? Currency, string? Status, string? PaymentStatus,
    DateTimeOffset? OrderedAt, decimal? SubtotalAmount, decimal? TaxAmount, decimal? ShippingAmount, decimal? DiscountAmount, decimal? TotalAmount,
    IReadOnlyList<IngestOrderItem?>? Items, string? Notes);

public sealed record IngestCustomerBatch(IReadOnlyList<IngestCustomer?>? Items);

public sealed record IngestOrderBatch(IReadOnlyList<IngestOrder?>? Items);

/// <param name="Received">Items in the batch.</param>
/// <param name="Queued">Items stored for processing.</param>
/// <param name="Duplicates">Items already received with the same external id and updated_at (nothing to do).</param>
public sealed record IngestAccepted(string Source, int Received, int Queued, int Duplicates);
