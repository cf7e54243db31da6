using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Api.Customers;

/// <summary>The body of POST and PUT /customers. Required fields are checked by the validator, not the JSON reader,
/// so a missing field gets a message naming it.</summary>
public sealed record CustomerInput
{
    [Description("Given name, 1–100 characters.")]
    [Required]
    public string? FirstName { get; init; }

    [Description("Family name, 1–100 characters.")]
    [Required]
    public string? LastName { get; init; }

    [Description("Unique in the workspace, compared case-insensitively.")]
    [Required]
    public string? Email { get; init; }

    [Description("Any common format; stored in E.164 (+4930123456). Numbers without a country prefix are read in the customer's country.")]
    public string? Phone { get; init; }

    public string? CompanyName { get; init; }

    [Description("ISO 3166-1 alpha-2, e.g. DE.")]
    [Required]
    public string? CountryCode { get; init; }

    public string? Region { get; init; }
    public string? City { get; init; }
    public string? PostalCode { get; init; }

    [Description("IANA time zone, e.g. Europe/Berlin. Default UTC.")]
    public string? Timezone { get; init; }

    [Description("ISO 639-1, e.g. de. Default en.")]
    public string? Language { get; init; }

    [Description("ISO 4217, e.g. EUR. Default USD.")]
    public string? Currency { get; init; }

    [Description("Default active.")]
    public CustomerStatus? Status { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    [Description("A JSON object of custom field values.")]
    public JsonElement? CustomFields { get; init; }

    [Description("On update: the version you last read. If given and the customer changed since, the update is refused with 409.")]
    public int? Version { get; init; }

    /// <summary>The team member the customer is assigned to; kept as it is when omitted on an update.</summary>
    public Guid? OwnerId { get; init; }

    public CustomerProfile ToProfile() => new()
    {
        FirstName = FirstName ?? string.Empty,
        LastName = LastName ?? string.Empty,
        Email = Email ?? string.Empty,
        Phone = Phone,
        CompanyName = CompanyName,
        CountryCode = CountryCode ?? string.Empty,
        Region = Region,
        City = City,
        PostalCode = PostalCode,
        Timezone = Timezone ?? string.Empty,
        Language = Language ?? string.Empty,
        Currency = Currency ?? string.Empty,
        Status = Status ?? CustomerStatus.Active,
        Tags = Tags ?? [],
        OwnerId = OwnerId,
        CustomFieldsJson = CustomFields is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } fields
            ? fields.GetRawText()
            : "{}",
    };
}

/// <summary>A page of customers; total only with include_total=true.</summary>
public sealed record CustomerPage(IReadOnlyList<SimpleCrm.Domain.Customers.Customer> Items, string? NextCursor, long? Total);
