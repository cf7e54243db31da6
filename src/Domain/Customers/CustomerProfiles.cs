using FluentValidation;
using SimpleCrm.Domain.Common;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Domain.Customers;

/// <summary>Normalises then validates a profile: the single entry point used by the API and the grain.</summary>
public static class CustomerProfiles
{
    private static readonly IValidator<CustomerProfile> Validator = new CustomerProfileValidator();

    public static (CustomerProfile Profile, IReadOnlyDictionary<string, string[]> Errors) Prepare(CustomerProfile input)
    {
        var profile = Normalize(input);
        var result = Validator.Validate(profile);
        if (!result.IsValid)
        {
            return (profile, ValidationCodes.ToFieldErrors(result, name => name.Split('[')[0]));
        }

        if (profile.Phone is not null && PhoneNumbersE164.TryNormalize(profile.Phone, profile.CountryCode, out var e164))
        {
            profile = profile with { Phone = e164 };
        }

        return (profile, FieldErrors.None);
    }

    private static CustomerProfile Normalize(CustomerProfile p) => p with
    {
        FirstName = p.FirstName?.Trim() ?? string.Empty,
        LastName = p.LastName?.Trim() ?? string.Empty,
        Email = p.Email?.Trim() ?? string.Empty,
        Phone = Optional(p.Phone),
        CompanyName = Optional(p.CompanyName),
        CountryCode = p.CountryCode?.Trim().ToUpperInvariant() ?? string.Empty,
        Region = Optional(p.Region),
        City = Optional(p.City),
        PostalCode = Optional(p.PostalCode),
        Timezone = Optional(p.Timezone) ?? "UTC",
        Language = Optional(p.Language)?.ToLowerInvariant() ?? "en",
        Currency = Optional(p.Currency)?.ToUpperInvariant() ?? "USD",
        Tags = (p.Tags ?? []).Select(t => t?.Trim() ?? string.Empty)
            .DistinctBy(t => t.ToLowerInvariant()).ToArray(),
        CustomFieldsJson = string.IsNullOrWhiteSpace(p.CustomFieldsJson) ? "{}" : p.CustomFieldsJson,
        ExternalIds = (p.ExternalIds ?? new Dictionary<string, string>())
            .ToDictionary(e => e.Key.Trim().ToLowerInvariant(), e => e.Value?.Trim() ?? string.Empty),
    };

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
