using System.Net;
using System.Text;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Problems;

/// <summary>Inputs that used to be 500s: each is now a 4xx problem naming the field, and nothing is written.</summary>
public sealed class ServerErrorRegressionTests(ApiFixture api) : WorkspaceTest(api, "no5xx")
{
    [Fact]
    public async Task A_NUL_character_in_a_body_a_query_or_a_CSV_cell_is_a_400_naming_the_field()
    {
        var customer = await Crm.CreateCustomerAsync("nul@example.com");
        await Http.PutJsonAsync("/api/v1/custom-fields/note", new { label = "Note", type = "text" });
        var before = await CountsAsync();

        await AssertRefusedAsync(await Api.Node.Anonymous.PostAsync("/api/v1/auth/login", Json("""{"email": "a\u0000@example.com", "password": "x"}""")), 400, "email");
        await AssertRefusedAsync(await Http.PostAsync("/api/v1/customers", Json("""{"first_name": "A\u0000", "last_name": "B", "email": "b@example.com", "country_code": "DE"}""")), 400, "first_name");
        await AssertRefusedAsync(await Http.PostAsync("/api/v1/customers", Json("""{"first_name": "A", "last_name": "\ud800", "email": "b@example.com", "country_code": "DE"}""")), 400, "last_name");
        await AssertRefusedAsync(await Http.PutAsync($"/api/v1/customers/{customer.GetProperty("id")}", Json("""{"first_name": "A", "last_name": "B", "email": "nul@example.com", "country_code": "DE", "custom_fields": {"note": "x\u0000"}}""")), 400, "custom_fields");
        await AssertRefusedAsync(await Http.GetAsync("/api/v1/customers?q=a%00b"), 400, "q");
        var csv = new StringContent("first_name,last_name,email,country_code\nAn\0na,B,csv@example.com,DE\n", Encoding.UTF8, "text/csv");
        await AssertRefusedAsync(await Http.PostAsync("/api/v1/customers/import", csv), 400, "rows[2].first_name");

        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Amounts_and_numbers_past_the_documented_bounds_are_400s_naming_the_field()
    {
        var customer = (await Crm.CreateCustomerAsync("big@example.com")).GetProperty("id").GetGuid();
        await Http.PutJsonAsync("/api/v1/custom-fields/score", new { label = "Score", type = "number" });
        var before = await CountsAsync();

        await AssertRefusedAsync(await Crm.PostOrderAsync(customer, "#big-1", "EUR", 1e20m), 400, "items[0].unit_price");
        await AssertRefusedAsync(await Crm.PostOrderAsync(customer, "#big-2", "EUR", 1_000_000_000_000m, quantity: 100_000), 400, "items[0].unit_price");
        await AssertRefusedAsync(await Crm.PostOrderAsync(customer, "#big-3", "USD", 100_000_000_000m), 400, "items");
        await AssertRefusedAsync(await Http.PostJsonAsync("/api/v1/products", new { sku = "big", name = "Big", price = 1e13m, currency = "EUR" }), 400, "price");
        await AssertRefusedAsync(await Http.PutJsonAsync($"/api/v1/customers/{customer}", new { first_name = "A", last_name = "B", email = "big@example.com", country_code = "DE", custom_fields = new { score = 1e20m } }), 400, "custom_fields.score");
        await AssertRefusedAsync(await Http.GetAsync("/api/v1/customers?ltv_gte=1e17"), 400, "ltv_gte");

        Assert.Equal(before, await CountsAsync());
        Assert.Equal(HttpStatusCode.Created, (await Crm.PostOrderAsync(customer, "#fits", "IDR", 1_000_000_000_000m)).StatusCode);
    }

    [Fact]
    public async Task Dates_outside_the_documented_range_are_400s_naming_the_field()
    {
        var customer = (await Crm.CreateCustomerAsync("dates@example.com")).GetProperty("id").GetGuid();
        var before = await CountsAsync();

        await AssertRefusedAsync(await Crm.PostOrderAsync(customer, "#old-1", "EUR", 10m, orderedAt: "0001-01-01T00:00:00Z"), 400, "ordered_at");
        await AssertRefusedAsync(await Crm.PostOrderAsync(customer, "#old-2", "EUR", 10m, orderedAt: "1969-12-31T23:59:59Z"), 400, "ordered_at");
        await AssertRefusedAsync(await Http.PostJsonAsync("/api/v1/activities", new { customer_id = customer, type = "task", subject = "Far", due_at = "9999-12-31T00:00:00Z" }), 400, "due_at");
        await AssertRefusedAsync(await Http.GetAsync("/api/v1/customers?created_after=0001-01-01"), 400, "created_after");
        await AssertRefusedAsync(await Http.GetAsync("/api/v1/orders?ordered_before=9999-12-31"), 400, "ordered_before");

        Assert.Equal(before, await CountsAsync());
        Assert.Equal(HttpStatusCode.Created, (await Crm.PostOrderAsync(customer, "#1970", "EUR", 10m, orderedAt: "1970-01-01T00:00:00Z")).StatusCode);
    }

    [Fact]
    public async Task A_missing_body_is_400_on_the_body_a_wrong_content_type_415_and_a_wrong_method_405_with_Allow()
    {
        var before = await CountsAsync();

        await AssertRefusedAsync(await Http.PostAsync("/api/v1/customers", null), 400, "$");
        await AssertRefusedAsync(await Http.PostAsync("/api/v1/customers", new StringContent("", Encoding.UTF8, "application/json")), 400, "$");
        await AssertRefusedAsync(await Http.PostAsync("/api/v1/customers", new StringContent("{}", Encoding.UTF8, "text/plain")), 415, null);
        var wrongMethod = await Http.PatchAsync("/api/v1/customers", Json("{}"));
        await AssertRefusedAsync(wrongMethod, 405, null);
        Assert.Equal(["GET", "POST"], wrongMethod.Content.Headers.Allow.Order());
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/v1/nothing-here")).StatusCode);
        // A path that fits a route's shape but not its constraints is no such route: 404, not 405.
        Assert.Equal(HttpStatusCode.NotFound, (await Http.PostAsync("/api/v1/customers/not-an-id", Json("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.PostAsync("/api/v1/webhooks/events", Json("{}"))).StatusCode);

        Assert.Equal(before, await CountsAsync());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task AssertRefusedAsync(HttpResponseMessage response, int status, string? field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{response.RequestMessage?.RequestUri}: expected {status}, got {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            var problem = await response.JsonAsync();
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), $"no error for '{field}' in {text}");
        }
    }

    private async Task<(long Customers, long Orders, long Products, long Activities, long Audit, long Outbox)> CountsAsync()
    {
        var workspace = await Api.Database.CreateWorkspaceAsync(Workspace);
        return await Api.Database.ScalarAsync<(long, long, long, long, long, long)>(workspace,
            "select (select count(*) from customers), (select count(*) from orders), (select count(*) from products), (select count(*) from activities), (select count(*) from audit_log), (select count(*) from outbox)");
    }
}
