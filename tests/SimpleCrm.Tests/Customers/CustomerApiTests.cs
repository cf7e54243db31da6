using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Customers;

/// <summary>The customer resource over real HTTP (Kestrel) against a co-hosted silo and a real PostgreSQL.</summary>
public sealed class CustomerApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Create_then_get_returns_the_normalised_customer_and_commits_it_with_an_audit_and_outbox_row()
    {
        var response = await api.Http.PostJsonAsync("/api/v1/customers", TestCustomers.Json("juergen@example.de"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.JsonAsync();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/customers/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("+4930901820", created.GetProperty("phone").GetString());
        Assert.Equal("active", created.GetProperty("status").GetString());
        Assert.Equal(1, created.GetProperty("version").GetInt32());

        var fetched = await (await api.Http.GetAsync($"/api/v1/customers/{id}")).JsonAsync();
        Assert.Equal("Weiß", fetched.GetProperty("last_name").GetString());

        // Committed before the answer: the row, its audit entries (the change, then the read of personal data,
        // both by the signed-in admin) and its outbox event are all there.
        var workspace = await api.Database.CreateWorkspaceAsync("default");
        Assert.Equal(1, await api.Database.ScalarAsync<int>(workspace, "select count(*) from customers where id = @id", new { id }));
        Assert.Equal("create,read", await api.Database.ScalarAsync<string>(workspace, "select string_agg(action, ',' order by id) from audit_log where entity_id = @id", new { id }));
        Assert.StartsWith("user:", await api.Database.ScalarAsync<string>(workspace, "select distinct actor from audit_log where entity_id = @id", new { id }));
        Assert.Equal("customer.created", await api.Database.ScalarAsync<string>(workspace, "select topic from outbox where entity_id = @id", new { id }));
    }

    [Fact]
    public async Task Update_replaces_the_profile_and_refuses_a_stale_version()
    {
        var id = await CreateAsync("update-me@example.com");
        var body = new Dictionary<string, object?>
        {
            ["first_name"] = "Ana",
            ["last_name"] = "García",
            ["email"] = "update-me@example.com",
            ["country_code"] = "ES",
            ["timezone"] = "Europe/Madrid",
            ["language"] = "es",
            ["currency"] = "EUR",
            ["status"] = "vip",
            ["version"] = 1,
        };

        var updated = await api.Http.PutAsJsonAsync($"/api/v1/customers/{id}", body, ApiNode.Json);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var json = await updated.JsonAsync();
        Assert.Equal("vip", json.GetProperty("status").GetString());
        Assert.Equal(2, json.GetProperty("version").GetInt32());

        var stale = await api.Http.PutAsJsonAsync($"/api/v1/customers/{id}", body, ApiNode.Json);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.True((await stale.JsonAsync()).GetProperty("errors").TryGetProperty("version", out _));
    }

    [Fact]
    public async Task Delete_removes_the_customer_and_a_second_delete_is_404()
    {
        var id = await CreateAsync("delete-me@example.com");

        Assert.Equal(HttpStatusCode.NoContent, (await api.Http.DeleteAsync($"/api/v1/customers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync($"/api/v1/customers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.DeleteAsync($"/api/v1/customers/{id}")).StatusCode);
    }

    [Fact]
    public async Task List_pages_with_a_cursor_newest_first_and_searches_names_and_emails()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 5; i++)
        {
            await CreateAsync($"page-{marker}-{i}@example.com");
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var url = $"/api/v1/customers?q={marker}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await (await api.Http.GetAsync(url)).JsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("email").GetString()!));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, 5).Reverse().Select(i => $"page-{marker}-{i}@example.com"), seen);
    }

    [Fact]
    public async Task List_rejects_a_bad_limit_and_a_forged_cursor_naming_the_parameter()
    {
        var badLimit = await api.Http.GetAsync("/api/v1/customers?limit=5000");
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.True((await badLimit.JsonAsync()).GetProperty("errors").TryGetProperty("limit", out _));

        var badCursor = await api.Http.GetAsync("/api/v1/customers?cursor=not-a-cursor");
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        Assert.True((await badCursor.JsonAsync()).GetProperty("errors").TryGetProperty("cursor", out _));
    }

    [Fact]
    public async Task Search_treats_like_wildcards_and_quotes_as_plain_text()
    {
        await CreateAsync("wild@example.com");
        foreach (var q in new[] { "%", "_", "' or 1=1 --", "\\" })
        {
            var response = await api.Http.GetAsync($"/api/v1/customers?q={Uri.EscapeDataString(q)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(0, (await response.JsonAsync()).GetProperty("items").GetArrayLength());
        }
    }

    [Fact]
    public async Task Reference_data_lists_the_codes_the_validator_accepts()
    {
        var reference = await (await api.Http.GetAsync("/api/v1/reference")).JsonAsync();
        Assert.Contains("DE", reference.GetProperty("countries").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("JPY", reference.GetProperty("currencies").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("Asia/Tokyo", reference.GetProperty("timezones").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["active", "inactive", "vip", "blocked"], reference.GetProperty("statuses").EnumerateArray().Select(c => c.GetString()!));
    }

    private async Task<Guid> CreateAsync(string email)
    {
        var response = await api.Http.PostJsonAsync("/api/v1/customers", TestCustomers.Json(email));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }
}
