using SimpleCrm.Data.Sessions;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Data.Customers;

/// <summary>One row of the customers table as Dapper reads it.</summary>
internal sealed class CustomerRow
{
    public const string Columns = """
        id, workspace_id, first_name, last_name, email, phone, company_name, country_code, region, city, postal_code,
        timezone, language, currency, status, tags, custom_fields::text as custom_fields, owner_id, external_ids::text as external_ids,
        lifetime_value, total_orders, average_order_value, lifetime_value_usd, average_order_value_usd, pending_usd_orders,
        first_order_date, last_order_date, created_at, updated_at, version
        """;

    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string Email { get; set; } = "";
    public string? Phone { get; set; }
    public string? CompanyName { get; set; }
    public string CountryCode { get; set; } = "";
    public string? Region { get; set; }
    public string? City { get; set; }
    public string? PostalCode { get; set; }
    public string Timezone { get; set; } = "";
    public string Language { get; set; } = "";
    public string Currency { get; set; } = "";
    public string Status { get; set; } = "";
    public string[] Tags { get; set; } = [];
    public string CustomFields { get; set; } = "{}";
    public Guid? OwnerId { get; set; }
    public string ExternalIds { get; set; } = "{}";
    public decimal LifetimeValue { get; set; }
    public decimal LifetimeValueUsd { get; set; }
    public decimal AverageOrderValueUsd { get; set; }
    public int TotalOrders { get; set; }
    public int PendingUsdOrders { get; set; }
    public decimal AverageOrderValue { get; set; }
    public DateTime? FirstOrderDate { get; set; }
    public DateTime? LastOrderDate { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }

    public CustomerSnapshot ToSnapshot() => new(
        Id,
        new WorkspaceId(WorkspaceId),
        new CustomerProfile
        {
            FirstName = FirstName,
            LastName = LastName,
            Email = Email,
            Phone = Phone,
            CompanyName = CompanyName,
            CountryCode = CountryCode,
            Region = Region,
            City = City,
            PostalCode = PostalCode,
            Timezone = Timezone,
            Language = Language,
            Currency = Currency,
            Status = CustomerStatusNames.Parse(Status),
            Tags = Tags,
            CustomFieldsJson = CustomFields,
            OwnerId = OwnerId,
            ExternalIds = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(ExternalIds) ?? [],
        },
        new CustomerMetrics(LifetimeValue, TotalOrders, AverageOrderValue, DbTime.Utc(FirstOrderDate), DbTime.Utc(LastOrderDate), LifetimeValueUsd, AverageOrderValueUsd, PendingUsdOrders),
        DbTime.Utc(CreatedAt),
        DbTime.Utc(UpdatedAt),
        Version);
}

public static class CustomerStatusNames
{
    public static string ToName(this CustomerStatus status) => status.ToString().ToLowerInvariant();

    public static CustomerStatus Parse(string name) => Enum.Parse<CustomerStatus>(name, ignoreCase: true);
}
