using SimpleCrm.Domain.Common;
using System.Net.Mail;
using System.Text.Json;
using FluentValidation;
using PhoneNumbers;
using SimpleCrm.Domain.Reference;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Domain.Customers;

/// <summary>
/// The rules a customer profile must satisfy. Field names are the API's snake_case names,
/// so an error can be shown next to the field the user typed into.
/// </summary>
public sealed partial class CustomerProfileValidator : AbstractValidator<CustomerProfile>
{
    public const int NameMax = 100;
    public const int EmailMax = 254;
    public const int TagMax = 50;
    public const int TagsMax = 50;
    public const int CustomFieldsMaxBytes = 16 * 1024;

    public CustomerProfileValidator()
    {
        RuleFor(c => c.FirstName).NotEmpty().MaximumLength(NameMax).OverridePropertyName("first_name");
        RuleFor(c => c.LastName).NotEmpty().MaximumLength(NameMax).OverridePropertyName("last_name");
        RuleFor(c => c.Email).NotEmpty().MaximumLength(EmailMax)
            .Must(IsEmailAddress).WithMessage("'{PropertyValue}' is not a valid email address.").WithCode(FieldCodes.InvalidEmail)
            .OverridePropertyName("email");
        RuleFor(c => c.CompanyName).MaximumLength(200).OverridePropertyName("company_name");
        RuleFor(c => c.CountryCode).NotEmpty()
            .Must(Countries.IsKnown).WithMessage("'{PropertyValue}' is not an ISO 3166-1 alpha-2 country code.").WithCode(FieldCodes.UnknownCountry)
            .OverridePropertyName("country_code");
        RuleFor(c => c.Region).MaximumLength(NameMax).OverridePropertyName("region");
        RuleFor(c => c.City).MaximumLength(NameMax).OverridePropertyName("city");
        RuleFor(c => c.PostalCode).MaximumLength(20).OverridePropertyName("postal_code");
        RuleFor(c => c.Timezone).Must(TimeZones.IsKnown)
            .WithMessage("'{PropertyValue}' is not an IANA time zone.").WithCode(FieldCodes.UnknownTimezone).OverridePropertyName("timezone");
        RuleFor(c => c.Language).Must(Languages.IsKnown)
            .WithMessage("'{PropertyValue}' is not an ISO 639-1 language code.").WithCode(FieldCodes.UnknownLanguage).OverridePropertyName("language");
        RuleFor(c => c.Currency).Must(Currencies.IsKnown)
            .WithMessage("'{PropertyValue}' is not an ISO 4217 currency code.").WithCode(FieldCodes.UnknownCurrency).OverridePropertyName("currency");
        RuleFor(c => c.Status).IsInEnum().OverridePropertyName("status");
        RuleFor(c => c.Tags).Must(t => t.Count <= TagsMax).WithMessage($"At most {TagsMax} tags.").WithCode(FieldCodes.TooMany, new Dictionary<string, object> { ["max"] = TagsMax }).OverridePropertyName("tags");
        RuleForEach(c => c.Tags).NotEmpty().MaximumLength(TagMax).OverridePropertyName("tags");
        RuleFor(c => c.CustomFieldsJson).Must(JsonText.IsObject).WithMessage("Must be a JSON object.").WithCode(FieldCodes.InvalidFormat)
            .Must(j => j.Length <= CustomFieldsMaxBytes).WithMessage($"Must be at most {CustomFieldsMaxBytes} bytes.").WithCode(FieldCodes.TooLarge, new Dictionary<string, object> { ["max_bytes"] = CustomFieldsMaxBytes })
            .Must(j => StorableText.JsonProblem(j) is null).WithMessage(j => StorableText.JsonProblem(j.CustomFieldsJson)!).WithCode(FieldCodes.InvalidFormat)
            .OverridePropertyName("custom_fields");
        RuleFor(c => c.ExternalIds).Must(ids => ids.Count <= 10).WithMessage("At most 10 external ids.").WithCode(FieldCodes.TooMany, new Dictionary<string, object> { ["max"] = 10 })
            .Must(ids => ids.All(e => ExternalSource().IsMatch(e.Key) && e.Value.Length is >= 1 and <= 128))
            .WithMessage("Each source must be lower-case letters, digits or '_' (max 32) and each id 1–128 characters.").WithCode(FieldCodes.InvalidFormat)
            .OverridePropertyName("external_ids");
        RuleFor(c => c.Phone).Must((c, phone) => PhoneNumbersE164.TryNormalize(phone!, c.CountryCode, out _))
            .When(c => !string.IsNullOrEmpty(c.Phone))
            .WithMessage("'{PropertyValue}' is not a valid phone number for the customer's country; use +<country code><number>.").WithCode(FieldCodes.InvalidPhone)
            .OverridePropertyName("phone");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z][a-z0-9_]{0,31}$")]
    private static partial System.Text.RegularExpressions.Regex ExternalSource();

    private static bool IsEmailAddress(string email) =>
        MailAddress.TryCreate(email, out var parsed)
        && parsed.Address == email
        && parsed.Host.Contains('.', StringComparison.Ordinal)
        && !email.Any(char.IsWhiteSpace);
}

/// <summary>Phone numbers are stored in E.164 so they compare and dial the same everywhere.</summary>
public static class PhoneNumbersE164
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static bool TryNormalize(string input, string? defaultRegion, out string e164)
    {
        e164 = string.Empty;
        try
        {
            var number = Util.Parse(input, string.IsNullOrEmpty(defaultRegion) ? null : defaultRegion);
            if (!Util.IsValidNumber(number))
            {
                return false;
            }

            e164 = Util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }
}
