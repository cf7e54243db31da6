namespace SimpleCrm.Contracts.Customers;

/// <summary>The fields of a customer that people and integrations write.</summary>
[GenerateSerializer, Immutable, Alias("crm.CustomerProfile")]
public sealed record CustomerProfile
{
    [Id(0)] public required string FirstName { get; init; }
    [Id(1)] public required string LastName { get; init; }
    [Id(2)] public required string Email { get; init; }
    [Id(3)] public string? Phone { get; init; }
    [Id(4)] public string? CompanyName { get; init; }
    [Id(5)] public required string CountryCode { get; init; }
    [Id(6)] public string? Region { get; init; }
    [Id(7)] public string? City { get; init; }
    [Id(8)] public string? PostalCode { get; init; }
    [Id(9)] public required string Timezone { get; init; }
    [Id(10)] public required string Language { get; init; }
    [Id(11)] public required string Currency { get; init; }
    [Id(12)] public CustomerStatus Status { get; init; } = CustomerStatus.Active;
    [Id(13)] public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>A JSON object; kept as text so it crosses the grain boundary without a JSON type in the contract.</summary>
    [Id(14)] public string CustomFieldsJson { get; init; } = "{}";

    /// <summary>The team member who looks after this customer (agents see only their own).</summary>
    [Id(15)] public Guid? OwnerId { get; init; }

    /// <summary>Ids of this customer in other systems, by source: {"shopify": "207119551", "woocommerce": "42"}.</summary>
    [Id(16)] public IReadOnlyDictionary<string, string> ExternalIds { get; init; } = new Dictionary<string, string>();
}
