using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Api.Problems;
using SimpleCrm.Data.Commerce;
using SimpleCrm.Domain.Common;
using SimpleCrm.Domain.Reference;

namespace SimpleCrm.Api.Commerce;

/// <summary>
/// /api/v1/ingest/{source}: customers and orders from any other source (Amazon, eBay, a custom shop), in batches.
/// A batch is checked whole first (a bad item refuses the batch with its index and field, and nothing is stored),
/// then stored in one statement in the commerce inbox and answered 202; the drain applies it exactly as it applies
/// shop webhooks: in order per entity, idempotently, older updated_at ignored. Going through the inbox rather than
/// writing directly keeps one write path (and its exactly-once and batching) for every source, and keeps the answer
/// fast however busy the cluster is.
/// </summary>
public static partial class IngestEndpoints
{
    public const int MaxBatch = 1000;

    public static void MapIngest(this RouteGroupBuilder api)
    {
        var ingest = api.MapResource("/ingest/{source}", "Ingest", StatusCodes.Status400BadRequest);
        ingest.MapPost("/customers", CustomersAsync).RequirePermission(Permission.CustomersWrite).WithName("IngestCustomers")
            .WithSummary($"Upsert up to {MaxBatch} customers of a source by external id; applied after the answer");
        ingest.MapPost("/orders", OrdersAsync).RequirePermission(Permission.OrdersWrite).WithName("IngestOrders")
            .WithSummary($"Upsert up to {MaxBatch} orders of a source by external id; applied after the answer");
    }

    private static JsonSerializerOptions StoredJson { get; } = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static T Read<T>(byte[] body) => JsonSerializer.Deserialize<T>(body, StoredJson) ?? throw new SourceDataException("The stored item is empty.");

    private static async Task<Results<Accepted<IngestAccepted>, ProblemHttpResult>> CustomersAsync(
        string source, IngestCustomerBatch body, Caller caller, CommerceShopStore shops, CommerceInbox inbox, CommerceDrainSignal signal, CancellationToken cancellationToken)
    {
        var errors = new Errors();
        var items = Batch(body.Items, errors);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not { } c)
            {
                errors.Add($"items[{i}]", "Required: an object.");
                continue;
            }

            var at = $"items[{i}]";
            ExternalId(errors, $"{at}.external_id", c.ExternalId);
            UpdatedAt(errors, $"{at}.updated_at", c.UpdatedAt);
            Email(errors, $"{at}.email", c.Email, required: true);
            Known(errors, $"{at}.country_code", c.CountryCode?.ToUpperInvariant(), Countries.IsKnown, "an ISO 3166-1 alpha-2 country code");
            Known(errors, $"{at}.currency", c.Currency?.ToUpperInvariant(), Currencies.IsKnown, "an ISO 4217 currency code");
        }

        return await StoreAsync(source, "customer", items, c => c!.ExternalId!.Trim(), c => c!.UpdatedAt!.Value, errors, caller, shops, inbox, signal, cancellationToken);
    }

    private static async Task<Results<Accepted<IngestAccepted>, ProblemHttpResult>> OrdersAsync(
        string source, IngestOrderBatch body, Caller caller, CommerceShopStore shops, CommerceInbox inbox, CommerceDrainSignal signal, CancellationToken cancellationToken)
    {
        var errors = new Errors();
        var items = Batch(body.Items, errors);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not { } o)
            {
                errors.Add($"items[{i}]", "Required: an object.");
                continue;
            }

            var at = $"items[{i}]";
            ExternalId(errors, $"{at}.external_id", o.ExternalId);
            UpdatedAt(errors, $"{at}.updated_at", o.UpdatedAt);
            if (o.Customer is not { } buyer)
            {
                errors.Add($"{at}.customer", "Required: the buyer, with at least an email.");
            }
            else
            {
                if (buyer.ExternalId is not null)
                {
                    ExternalId(errors, $"{at}.customer.external_id", buyer.ExternalId);
                }

                Email(errors, $"{at}.customer.email", buyer.Email, required: true);
                Known(errors, $"{at}.customer.country_code", buyer.CountryCode?.ToUpperInvariant(), Countries.IsKnown, "an ISO 3166-1 alpha-2 country code");
            }

            if (o.Currency is null)
            {
                errors.Add($"{at}.currency", "Required: an ISO 4217 currency code.");
            }

            Known(errors, $"{at}.currency", o.Currency?.ToUpperInvariant(), Currencies.IsKnown, "an ISO 4217 currency code");
            if (o.OrderedAt is not { } orderedAt || orderedAt < InputBounds.EarliestOrderDate || orderedAt >= InputBounds.LatestDate)
            {
                errors.Add($"{at}.ordered_at", "Required: a date-time from 1970 on, before 2100.");
            }

            if (o.TotalAmount is null)
            {
                errors.Add($"{at}.total_amount", "Required: the order's total as the source states it.");
            }

            Amount(errors, $"{at}.total_amount", o.TotalAmount);
            Amount(errors, $"{at}.subtotal_amount", o.SubtotalAmount);
            Amount(errors, $"{at}.tax_amount", o.TaxAmount);
            Amount(errors, $"{at}.shipping_amount", o.ShippingAmount);
            Amount(errors, $"{at}.discount_amount", o.DiscountAmount);
            if (o.Status is not null && IngestPayloads.Status(o.Status) is null)
            {
                errors.Add($"{at}.status", $"One of {string.Join(", ", IngestPayloads.Statuses)}.");
            }

            if (o.PaymentStatus is not null && IngestPayloads.Payment(o.PaymentStatus) is null)
            {
                errors.Add($"{at}.payment_status", $"One of {string.Join(", ", IngestPayloads.PaymentStatuses)}.");
            }

            if (o.OrderNumber is { Length: > 100 })
            {
                errors.Add($"{at}.order_number", "At most 100 characters.");
            }

            var lines = o.Items ?? [];
            if (lines.Count > 1000)
            {
                errors.Add($"{at}.items", "At most 1000 items.");
            }

            for (var n = 0; n < lines.Count && n < 1000; n++)
            {
                var line = lines[n];
                if (line?.Name is not { Length: > 0 and <= 500 })
                {
                    errors.Add($"{at}.items[{n}].name", "Required, 1 to 500 characters.");
                }

                if (line?.Quantity is not (>= 1 and <= 1_000_000))
                {
                    errors.Add($"{at}.items[{n}].quantity", "Required: a whole number from 1 to 1000000.");
                }

                if (line?.UnitPrice is null)
                {
                    errors.Add($"{at}.items[{n}].unit_price", "Required: the price of one unit.");
                }

                Amount(errors, $"{at}.items[{n}].unit_price", line?.UnitPrice);
            }
        }

        return await StoreAsync(source, "order", items, o => o!.ExternalId!.Trim(), o => o!.UpdatedAt!.Value, errors, caller, shops, inbox, signal, cancellationToken);
    }

    private static async Task<Results<Accepted<IngestAccepted>, ProblemHttpResult>> StoreAsync<T>(
        string source, string kind, IReadOnlyList<T> items, Func<T, string> externalId, Func<T, DateTimeOffset> updatedAt, Errors errors,
        Caller caller, CommerceShopStore shops, CommerceInbox inbox, CommerceDrainSignal signal, CancellationToken cancellationToken)
    {
        if (!SourceName().IsMatch(source) || source.StartsWith("shopify", StringComparison.Ordinal) || source.StartsWith("woocommerce", StringComparison.Ordinal))
        {
            errors.Add("source", "A lower-case name of 1 to 32 letters, digits or '_' starting with a letter (e.g. amazon, ebay_de); shopify and woocommerce are taken by the connected shops.");
        }

        if (errors.Count > 0)
        {
            return Problem.Invalid(errors.ToDictionary(), "The batch was refused whole: nothing of it was stored.");
        }

        if (await shops.EnsureApiSourceAsync(caller.Workspace, source, cancellationToken) is not { } shop)
        {
            return Problem.Invalid("source", $"'{source}' is the id source of a connected shop; give this source another name.", "Nothing was stored.");
        }

        var entries = items.Select(item => new InboxEntry(
            caller.Workspace.Value, shop.Id, $"{kind}.upsert", $"{kind}:{externalId(item)}:{updatedAt(item).ToUniversalTime():O}", $"{kind}:{externalId(item)}",
            updatedAt(item), "{}", JsonSerializer.SerializeToUtf8Bytes(item, StoredJson))).ToList();
        var queued = entries.Count == 0 ? 0 : await inbox.InsertManyAsync(entries, cancellationToken);
        if (queued > 0)
        {
            signal.Notify();
        }

        return TypedResults.Accepted((string?)null, new IngestAccepted(source, entries.Count, queued, entries.Count - queued));
    }

    private static IReadOnlyList<T?> Batch<T>(IReadOnlyList<T?>? items, Errors errors)
    {
        if (items is null)
        {
            errors.Add("items", $"Required: an array of 1 to {MaxBatch} items.");
            return [];
        }

        if (items.Count is 0 or > MaxBatch)
        {
            errors.Add("items", $"Give 1 to {MaxBatch} items; this batch has {items.Count}.");
            return [];
        }

        return items;
    }

    private static void ExternalId(Errors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > 255)
        {
            errors.Add(field, "Required: the source's id, 1 to 255 characters.");
        }
    }

    private static void UpdatedAt(Errors errors, string field, DateTimeOffset? value)
    {
        if (value is not { } at || !InputBounds.IsInDateRange(at))
        {
            errors.Add(field, "Required: when the source last changed it (ISO 8601 date-time); an older state than the one held is ignored.");
        }
    }

    private static void Email(Errors errors, string field, string? value, bool required)
    {
        if (value is null ? required : value.Trim() is var e && (e.Length is 0 or > 254 || e.IndexOf('@') is <= 0 || e.IndexOf('@') == e.Length - 1))
        {
            errors.Add(field, "Required: an email address.");
        }
    }

    private static void Known(Errors errors, string field, string? value, Func<string, bool> isKnown, string what)
    {
        if (value is not null && !isKnown(value))
        {
            errors.Add(field, $"'{value}' is not {what}.");
        }
    }

    private static void Amount(Errors errors, string field, decimal? value)
    {
        if (value is < 0 or > InputBounds.MaxAmount)
        {
            errors.Add(field, $"From 0 to {InputBounds.MaxAmount:0}.");
        }
    }

    /// <summary>Field problems in the order found; the first message per field is kept.</summary>
    private sealed class Errors
    {
        private readonly Dictionary<string, string[]> byField = [];

        public int Count => byField.Count;

        public void Add(string field, string message) => byField.TryAdd(field, [message]);

        public Dictionary<string, string[]> ToDictionary() => byField;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,31}$")]
    private static partial Regex SourceName();
}
