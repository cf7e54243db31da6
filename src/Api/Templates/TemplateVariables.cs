using SimpleCrm.Data.Templates;

namespace SimpleCrm.Api.Templates;

/// <summary>The variables a template sees, by the names the template editor offers (snake_case, as in the API).</summary>
public static class Variables
{
    /// <summary>Every variable, for the editor's variable picker.</summary>
    public static readonly IReadOnlyList<string> Catalog =
    [
        "customer.first_name", "customer.last_name", "customer.name", "customer.email", "customer.company_name", "customer.country_code",
        "customer.city", "customer.language", "customer.timezone", "customer.currency", "customer.lifetime_value", "customer.total_orders",
        "order.number", "order.status", "order.total", "order.currency", "order.ordered_at", "order.tracking_url",
        "agent.first_name", "agent.last_name", "agent.name", "agent.email",
        "shop.name",
    ];

    public static Dictionary<string, object?> Customer(RecipientCustomer c) => new()
    {
        ["first_name"] = c.FirstName,
        ["last_name"] = c.LastName,
        ["name"] = $"{c.FirstName} {c.LastName}".Trim(),
        ["email"] = c.Email,
        ["company_name"] = c.CompanyName,
        ["country_code"] = c.CountryCode,
        ["city"] = c.City,
        ["language"] = c.Language,
        ["timezone"] = c.Timezone,
        ["currency"] = c.Currency,
        ["lifetime_value"] = c.LifetimeValue,
        ["total_orders"] = c.TotalOrders,
    };

    public static Dictionary<string, object?> Order(RecipientOrder o) => new()
    {
        ["number"] = o.OrderNumber,
        ["status"] = o.Status,
        ["total"] = o.TotalAmount,
        ["currency"] = o.Currency,
        ["ordered_at"] = o.OrderedAt,
        ["tracking_url"] = o.TrackingUrl,
    };

    public static Dictionary<string, object?> Agent(SendingAgent a) => new()
    {
        ["first_name"] = a.FirstName,
        ["last_name"] = a.LastName,
        ["name"] = $"{a.FirstName} {a.LastName}".Trim(),
        ["email"] = a.Email,
    };

    public static Dictionary<string, object?> Shop(string name) => new() { ["name"] = name };

    /// <summary>A made-up recipient a template is tried against when it is saved, so one that cannot finish is refused then.</summary>
    public static RecipientFacts Sample(string language) => new(
        new RecipientCustomer(Guid.Empty, "Ada", "Example", "ada@example.com", "Example Ltd", "GB", "London", "Europe/London", language, "EUR", 1234.5m, 3, null),
        new RecipientOrder("1001", "shipped", "EUR", 99.9m, DateTimeOffset.UnixEpoch.AddYears(56), "https://example.com/track/1001"),
        new SendingAgent("Sam", "Agent", "sam@example.com"),
        "Example Shop");
}
