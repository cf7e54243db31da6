using System.Net;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Lists;

/// <summary>SQL injection in every list parameter and script in stored text: refused or neutralised, never a 500.</summary>
public sealed class HostileInputTests(ApiFixture api) : WorkspaceTest(api, "hostile")
{
    private static readonly string[] Payloads =
    [
        "' or 1=1 --",
        "'; drop table customers; --",
        "\" or \"\"=\"",
        "1; select pg_sleep(5)",
        "%' union select password_hash from users --",
        "$1",
        "\\'; delete from audit_log; --",
    ];

    private static readonly Dictionary<string, string[]> Parameters = new()
    {
        ["/api/v1/customers"] = ["q", "country", "status", "tag", "ltv_gte", "ltv_lte", "orders_gte", "created_after", "created_before", "owner", "custom.vip_level", "sort", "fields", "cursor", "offset", "limit"],
        ["/api/v1/customers/export"] = ["q", "country", "tag", "format"],
        ["/api/v1/orders"] = ["q", "status", "customer_id", "shipping_country", "currency", "total_usd_gte", "ordered_after", "source", "sort", "cursor"],
        ["/api/v1/audit"] = ["entity_type", "entity_id", "user_id", "action", "from", "to", "cursor"],
        ["/api/v1/products"] = ["q"],
    };

    [Fact]
    public async Task Injection_strings_in_every_filter_and_search_parameter_are_400_or_plain_text()
    {
        await Crm.CreateCustomerAsync("still-here@example.com");
        var failures = new List<string>();
        foreach (var (path, names) in Parameters)
        {
            foreach (var name in names)
            {
                foreach (var payload in Payloads)
                {
                    var response = await Http.GetAsync($"{path}?{Uri.EscapeDataString(name)}={Uri.EscapeDataString(payload)}");
                    if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.BadRequest))
                    {
                        failures.Add($"{path}?{name}={payload}: {(int)response.StatusCode}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        var remaining = await Crm.GetAsync("/api/v1/customers?include_total=true");
        Assert.Equal(1, remaining.GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/api/v1/users")).StatusCode);
    }

    [Fact]
    public async Task Script_in_names_is_stored_and_returned_as_plain_text()
    {
        const string script = "<script>alert(1)</script>";
        var created = await Crm.CreateCustomerAsync(new { first_name = script, last_name = "<img src=x onerror=alert(2)>", email = "xss@example.com", country_code = "DE" });
        var fetched = await Crm.GetAsync($"/api/v1/customers/{created.GetProperty("id").GetGuid()}");
        Assert.Equal(script, fetched.GetProperty("first_name").GetString());
        Assert.Equal("application/json", (await Http.GetAsync("/api/v1/customers")).Content.Headers.ContentType?.MediaType);
    }
}
