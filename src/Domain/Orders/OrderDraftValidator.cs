using SimpleCrm.Domain.Common;
using System.Text.Json;
using FluentValidation;
using SimpleCrm.Domain.Money;
using SimpleCrm.Domain.Reference;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Orders;

namespace SimpleCrm.Domain.Orders;

/// <summary>The rules an order must satisfy; field names are the API's snake_case names.</summary>
public sealed class OrderDraftValidator : AbstractValidator<OrderDraft>
{
    public const int MaxItems = 500;

    public const int MaxQuantity = 100_000;

    public OrderDraftValidator()
    {
        RuleFor(o => o.CustomerId).NotEmpty().OverridePropertyName("customer_id");
        RuleFor(o => o.OrderNumber).NotEmpty().MaximumLength(64).OverridePropertyName("order_number");
        RuleFor(o => o.Currency).Must(Currencies.IsKnown).WithMessage("'{PropertyValue}' is not an ISO 4217 currency code.").WithCode(FieldCodes.UnknownCurrency)
            .OverridePropertyName("currency");
        RuleFor(o => o.Items).NotEmpty().WithMessage("An order needs at least one item.").WithCode(FieldCodes.Required)
            .Must(i => i.Count <= MaxItems).WithMessage($"At most {MaxItems} items.").WithCode(FieldCodes.TooMany, new Dictionary<string, object> { ["max"] = MaxItems }).OverridePropertyName("items");
        RuleForEach(o => o.Items).ChildRules(item =>
        {
            item.RuleFor(i => i.ProductId).NotEmpty().MaximumLength(100).OverridePropertyName("product_id");
            item.RuleFor(i => i.ProductName).NotEmpty().MaximumLength(200).OverridePropertyName("product_name");
            item.RuleFor(i => i.Sku).MaximumLength(100).OverridePropertyName("sku");
            item.RuleFor(i => i.Quantity).InclusiveBetween(1, MaxQuantity).OverridePropertyName("quantity");
        }).OverridePropertyName("items");
        RuleFor(o => o).Custom((order, context) =>
        {
            if (!Currencies.IsKnown(order.Currency))
            {
                return;
            }

            foreach (var (name, amount) in Amounts(order))
            {
                if (amount < 0)
                {
                    context.AddFailure(ValidationCodes.Failure(name, "Must not be negative.", FieldCodes.OutOfRange, new Dictionary<string, object> { ["min"] = 0 }));
                }
                else if (amount > InputBounds.MaxAmount)
                {
                    context.AddFailure(ValidationCodes.Failure(name, $"At most {InputBounds.MaxAmount:N0}.", FieldCodes.OutOfRange, new Dictionary<string, object> { ["max"] = InputBounds.MaxAmount }));
                }
                else if (!MoneyRounding.HasValidScale(amount, order.Currency))
                {
                    context.AddFailure(ValidationCodes.Failure(name, $"{order.Currency} allows {Currencies.MinorUnits(order.Currency)} decimal places.", FieldCodes.TooManyDecimals,
                        new Dictionary<string, object> { ["currency"] = order.Currency, ["decimals"] = Currencies.MinorUnits(order.Currency) }));
                }
            }

            for (var i = 0; i < order.Items.Count; i++)
            {
                if (order.Items[i].UnitPrice is >= 0 and <= InputBounds.MaxAmount && order.Items[i].Quantity is > 0 and <= MaxQuantity
                    && OrderMath.LineTotal(order.Items[i], order.Currency) > InputBounds.MaxAmount)
                {
                    context.AddFailure(ValidationCodes.Failure($"items[{i}].unit_price", $"Quantity × unit price must be at most {InputBounds.MaxAmount:N0}.",
                        FieldCodes.OutOfRange, new Dictionary<string, object> { ["max"] = InputBounds.MaxAmount }));
                }
            }

            if (Amounts(order).All(a => a.Amount is >= 0 and <= InputBounds.MaxAmount) && order.Items.All(i => i.Quantity is > 0 and <= MaxQuantity))
            {
                if (!order.TotalsFromSource)
                {
                    CheckGivenTotals(order, context);
                }

                var total = OrderMath.Total(order);
                if (total < 0)
                {
                    context.AddFailure(ValidationCodes.Failure("discount_amount", "The discount is larger than the order.", FieldCodes.DiscountExceedsTotal));
                }
                else if (total > InputBounds.MaxAmount)
                {
                    context.AddFailure(ValidationCodes.Failure("items", $"The order's total must be at most {InputBounds.MaxAmount:N0}.",
                        FieldCodes.OutOfRange, new Dictionary<string, object> { ["max"] = InputBounds.MaxAmount }));
                }
            }
        });
        RuleFor(o => o.Shipping).SetValidator(new ShippingInfoValidator()).OverridePropertyName("shipping");
        RuleFor(o => o.Status).IsInEnum().NotEqual(OrderStatus.Refunded)
            .WithMessage("Create the order, then refund it.").WithCode(FieldCodes.NotAllowed).OverridePropertyName("status");
        RuleFor(o => o.PaymentStatus).IsInEnum()
            .Must(p => p is not (PaymentStatus.Refunded or PaymentStatus.PartiallyRefunded))
            .WithMessage("Refunds are recorded with POST /orders/{id}/refunds.").WithCode(FieldCodes.NotAllowed).OverridePropertyName("payment_status");
        RuleFor(o => o.Source).NotEmpty().MaximumLength(50).OverridePropertyName("source");
        RuleFor(o => o.Notes).MaximumLength(5000).OverridePropertyName("notes");
        RuleFor(o => o.ShippedAt).Must((o, d) => d is null || o.Status is OrderStatus.Shipped or OrderStatus.Delivered)
            .WithMessage("Only a shipped or delivered order has a shipping time.").WithCode(FieldCodes.NotAllowed)
            .Must((o, d) => d is null || d >= (o.OrderedAt ?? d)).WithMessage("Must not be before ordered_at.").WithCode(FieldCodes.OutOfRange)
            .Must(d => d is null || d <= DateTimeOffset.UtcNow.AddDays(1)).WithMessage("Must not be in the future.").WithCode(FieldCodes.InFuture)
            .OverridePropertyName("shipped_at");
        RuleFor(o => o.DeliveredAt).Must((o, d) => d is null || o.Status is OrderStatus.Delivered)
            .WithMessage("Only a delivered order has a delivery time.").WithCode(FieldCodes.NotAllowed)
            .Must((o, d) => d is null || d >= (o.ShippedAt ?? o.OrderedAt ?? d)).WithMessage("Must not be before shipped_at or ordered_at.").WithCode(FieldCodes.OutOfRange)
            .Must(d => d is null || d <= DateTimeOffset.UtcNow.AddDays(1)).WithMessage("Must not be in the future.").WithCode(FieldCodes.InFuture)
            .OverridePropertyName("delivered_at");
        RuleFor(o => o.OrderedAt).Must(d => d is null || d <= DateTimeOffset.UtcNow.AddDays(1))
            .WithMessage("Must not be in the future.").WithCode(FieldCodes.InFuture)
            .Must(d => d is null || d >= InputBounds.EarliestOrderDate).WithMessage("Must be on or after 1970-01-01.")
            .WithCode(FieldCodes.OutOfRange, new Dictionary<string, object> { ["min"] = "1970-01-01" })
            .OverridePropertyName("ordered_at");
    }

    /// <summary>
    /// A hand-entered order may state its line totals, subtotal and total (as the spec's order shape has them); each must
    /// be what the CRM computes from the items, or the request is refused naming the first field that disagrees.
    /// </summary>
    private static void CheckGivenTotals(OrderDraft order, ValidationContext<OrderDraft> context)
    {
        for (var i = 0; i < order.Items.Count; i++)
        {
            var item = order.Items[i];
            if (item.TotalPrice is { } given && given != OrderMath.LineTotal(item, order.Currency))
            {
                var expected = OrderMath.LineTotal(item, order.Currency);
                Mismatch(context, $"items[{i}].total_price", given, expected, order.Currency,
                    $"{item.Quantity} × {Format(item.UnitPrice, order.Currency)}");
            }
        }

        var subtotal = OrderMath.Subtotal(order);
        if (order.SubtotalAmount is { } givenSubtotal && givenSubtotal != subtotal)
        {
            Mismatch(context, "subtotal_amount", givenSubtotal, subtotal, order.Currency, "the sum of the items' quantity × unit price");
        }

        var total = OrderMath.Total(order);
        if (order.TotalAmount is { } givenTotal && givenTotal != total)
        {
            Mismatch(context, "total_amount", givenTotal, total, order.Currency,
                "subtotal + tax_amount + shipping_amount + duties_amount + tip_amount − discount_amount");
        }
    }

    private static void Mismatch(ValidationContext<OrderDraft> context, string field, decimal given, decimal expected, string currency, string how) =>
        context.AddFailure(ValidationCodes.Failure(field,
            $"Expected {Format(expected, currency)} {currency} ({how}), got {Format(given, currency)}.",
            FieldCodes.TotalMismatch, new Dictionary<string, object> { ["expected"] = Format(expected, currency), ["currency"] = currency }));

    private static string Format(decimal amount, string currency) =>
        amount.ToString("F" + Currencies.MinorUnits(currency), System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<(string Name, decimal Amount)> Amounts(OrderDraft order)
    {
        yield return ("tax_amount", order.TaxAmount);
        yield return ("shipping_amount", order.ShippingAmount);
        yield return ("discount_amount", order.DiscountAmount);
        yield return ("duties_amount", order.DutiesAmount);
        yield return ("tip_amount", order.TipAmount);
        if (order.SubtotalAmount is { } subtotal)
        {
            yield return ("subtotal_amount", subtotal);
        }

        if (order.TotalAmount is { } total)
        {
            yield return ("total_amount", total);
        }

        for (var i = 0; i < order.Items.Count; i++)
        {
            yield return ($"items[{i}].unit_price", order.Items[i].UnitPrice);
            if (order.Items[i].TotalPrice is { } line)
            {
                yield return ($"items[{i}].total_price", line);
            }
        }
    }
}

public sealed class ShippingInfoValidator : AbstractValidator<ShippingInfo>
{
    public ShippingInfoValidator()
    {
        RuleFor(s => s.Country).Must(c => c is null || Countries.IsKnown(c))
            .WithMessage("'{PropertyValue}' is not an ISO 3166-1 alpha-2 country code.").WithCode(FieldCodes.UnknownCountry).OverridePropertyName("shipping_country");
        RuleFor(s => s.AddressJson).Must(a => a is null || JsonText.IsObject(a)).WithMessage("Must be a JSON object.").WithCode(FieldCodes.InvalidFormat)
            .Must(a => a is null || a.Length <= 4096).WithMessage("At most 4 KB.").WithCode(FieldCodes.TooLarge, new Dictionary<string, object> { ["max_bytes"] = 4096 })
            .Must(a => StorableText.JsonProblem(a) is null).WithMessage(s => StorableText.JsonProblem(s.AddressJson)!).WithCode(FieldCodes.InvalidFormat)
            .OverridePropertyName("shipping_address");
        RuleFor(s => s.Carrier).MaximumLength(100).OverridePropertyName("carrier");
        RuleFor(s => s.TrackingNumber).MaximumLength(100).OverridePropertyName("tracking_number");
        RuleFor(s => s.TrackingUrl).Must(u => u is null || (Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            .WithMessage("Must be an absolute http(s) URL.").WithCode(FieldCodes.InvalidFormat).MaximumLength(500).OverridePropertyName("tracking_url");
    }
}

/// <summary>
/// Order arithmetic, rounded to the currency's minor units at each line (as invoices are). An order whose totals come
/// from its source keeps every total it was given; the CRM computes only those missing.
/// </summary>
public static class OrderMath
{
    /// <summary>quantity × unit price, rounded.</summary>
    public static decimal LineTotal(OrderItemDraft item, string currency) => MoneyRounding.Round(item.Quantity * item.UnitPrice, currency);

    /// <summary>The line total the order keeps: the source's when it gave one, else quantity × unit price.</summary>
    public static decimal ItemTotal(OrderItemDraft item, string currency, bool fromSource) =>
        fromSource && item.TotalPrice is { } given ? given : LineTotal(item, currency);

    public static decimal Subtotal(OrderDraft order) =>
        order.TotalsFromSource && order.SubtotalAmount is { } given ? given
        : Currencies.IsKnown(order.Currency) ? order.Items.Sum(i => ItemTotal(i, order.Currency, order.TotalsFromSource)) : 0m;

    public static decimal Total(OrderDraft order) =>
        order.TotalsFromSource && order.TotalAmount is { } given ? given
        : Subtotal(order) + order.TaxAmount + order.ShippingAmount + order.DutiesAmount + order.TipAmount - order.DiscountAmount;
}
