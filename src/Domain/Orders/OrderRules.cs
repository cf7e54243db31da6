using FluentValidation;
using SimpleCrm.Domain.Common;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Orders;

namespace SimpleCrm.Domain.Orders;

/// <summary>Normalises then validates order input; the one entry point for the API and the order grain.</summary>
public static class OrderRules
{
    private static readonly IValidator<OrderDraft> DraftValidator = new OrderDraftValidator();
    private static readonly IValidator<ShippingInfo> ShippingValidator = new ShippingInfoValidator();

    public static (OrderDraft Draft, IReadOnlyDictionary<string, string[]> Errors) Prepare(OrderDraft input)
    {
        var draft = input with
        {
            OrderNumber = input.OrderNumber?.Trim() ?? string.Empty,
            Currency = input.Currency?.Trim().ToUpperInvariant() ?? string.Empty,
            Source = string.IsNullOrWhiteSpace(input.Source) ? "website" : input.Source.Trim().ToLowerInvariant(),
            Notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim(),
            Shipping = Normalize(input.Shipping ?? new ShippingInfo()),
            Items = (input.Items ?? []).Select(i => i with { ProductId = i.ProductId?.Trim() ?? "", ProductName = i.ProductName?.Trim() ?? "", Sku = string.IsNullOrWhiteSpace(i.Sku) ? null : i.Sku.Trim() }).ToArray(),
        };
        return (draft, Errors(DraftValidator.Validate(draft)));
    }

    public static (ShippingInfo Shipping, IReadOnlyDictionary<string, string[]> Errors) Prepare(ShippingInfo input)
    {
        var shipping = Normalize(input);
        return (shipping, Errors(ShippingValidator.Validate(shipping)));
    }

    private static ShippingInfo Normalize(ShippingInfo s) => s with
    {
        Country = string.IsNullOrWhiteSpace(s.Country) ? null : s.Country.Trim().ToUpperInvariant(),
        AddressJson = string.IsNullOrWhiteSpace(s.AddressJson) ? null : s.AddressJson,
        Carrier = string.IsNullOrWhiteSpace(s.Carrier) ? null : s.Carrier.Trim(),
        TrackingNumber = string.IsNullOrWhiteSpace(s.TrackingNumber) ? null : s.TrackingNumber.Trim(),
        TrackingUrl = string.IsNullOrWhiteSpace(s.TrackingUrl) ? null : s.TrackingUrl.Trim(),
    };

    private static FieldErrors Errors(FluentValidation.Results.ValidationResult result) =>
        ValidationCodes.ToFieldErrors(result, name => name.StartsWith("shipping.", StringComparison.Ordinal) ? name["shipping.".Length..] : name);
}
