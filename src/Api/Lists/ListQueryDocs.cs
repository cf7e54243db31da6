using System.ComponentModel;

namespace SimpleCrm.Api.Lists;

/// <summary>
/// The paging, sort and field parameters every list accepts, declared for the OpenAPI document and typed
/// clients. Handlers parse the query with <see cref="QueryReader"/>, which is stricter (every problem is
/// reported against its parameter name), so these properties are documentation only.
/// </summary>
public record ListQueryDocs
{
    [Description("Page size, 1–200 (default 25).")]
    public int? Limit { get; init; }

    [Description("The next_cursor of the previous page.")]
    public string? Cursor { get; init; }

    [Description("Rows to skip, for page jumps (at most 10000); not with cursor.")]
    public int? Offset { get; init; }

    [Description("Comma-separated fields, '-' for descending, e.g. -created_at,last_name.")]
    public string? Sort { get; init; }

    [Description("Include the number of matching rows (costs a count).")]
    public bool? IncludeTotal { get; init; }
}

public sealed record CustomerListQueryDocs : ListQueryDocs
{
    [Description("Search names, email, phone, company (accent- and case-insensitive, partial) and exact order numbers.")]
    public string? Q { get; init; }

    [Description("ISO 3166-1 alpha-2 codes, comma-separated.")]
    public string? Country { get; init; }

    [Description("active, inactive, vip, blocked; comma-separated.")]
    public string? Status { get; init; }

    [Description("Customers having all these tags; comma-separated.")]
    public string? Tag { get; init; }

    [Description("Lifetime value in USD at least.")]
    public decimal? LtvGte { get; init; }

    [Description("Lifetime value in USD at most.")]
    public decimal? LtvLte { get; init; }

    [Description("At least this many counted orders.")]
    public int? OrdersGte { get; init; }

    public DateTimeOffset? CreatedAfter { get; init; }
    public DateTimeOffset? CreatedBefore { get; init; }

    [Description("The owner's user id.")]
    public Guid? Owner { get; init; }

    [Description("Only the current members of this segment (its id).")]
    public Guid? Segment { get; init; }

    [Description("Only these customers: up to 50 ids, comma-separated (names for a page of activities in one request).")]
    public string? Id { get; init; }

    [Description("Comma-separated fields to return (sparse fieldset); id is always included.")]
    public string? Fields { get; init; }
}

public sealed record OrderListQueryDocs : ListQueryDocs
{
    [Description("Order number: partial (3+ characters) or exact.")]
    public string? Q { get; init; }

    [Description("pending, processing, shipped, delivered, cancelled, refunded; comma-separated.")]
    public string? Status { get; init; }

    public Guid? CustomerId { get; init; }

    [Description("ISO 3166-1 alpha-2 codes, comma-separated.")]
    public string? ShippingCountry { get; init; }

    [Description("ISO 4217 codes, comma-separated.")]
    public string? Currency { get; init; }

    public decimal? TotalUsdGte { get; init; }
    public decimal? TotalUsdLte { get; init; }
    public DateTimeOffset? OrderedAfter { get; init; }
    public DateTimeOffset? OrderedBefore { get; init; }
    public string? Source { get; init; }
}
