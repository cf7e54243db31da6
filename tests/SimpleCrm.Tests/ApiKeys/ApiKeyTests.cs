using System.Net;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.ApiKeys;

/// <summary>Integration keys: shown once, stored hashed, scoped, marked when used, revocable.</summary>
public sealed class ApiKeyTests(ApiFixture api) : WorkspaceTest(api, "keys")
{
    [Fact]
    public async Task A_key_is_shown_once_acts_within_its_scopes_and_stops_when_revoked()
    {
        var created = await Http.PostJsonAsync("/api/v1/api-keys", new { name = "Shop sync", scopes = new[] { "customers:read" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var key = body.GetProperty("key").GetString()!;
        var id = body.GetProperty("id").GetGuid();
        Assert.StartsWith("sck_", key);

        // Listed without the key; the database holds only a hash.
        var listed = await Crm.GetAsync("/api/v1/api-keys");
        Assert.DoesNotContain(key, listed.GetRawText());
        await using var connection = Api.Database.DataSource.CreateConnection();
        Assert.Equal(1, await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection,
            "select count(*) from api_keys where key_hash = sha256(convert_to(@key, 'UTF8')) and prefix <> @key and name <> @key", new { key }));

        using var integration = Api.Node.Client();
        integration.DefaultRequestHeaders.Add("X-Api-Key", key);
        await Crm.CreateCustomerAsync("seen-by-key@example.com");
        var page = await (await integration.GetAsync("/api/v1/customers")).JsonAsync();
        Assert.Equal("seen-by-key@example.com", page.GetProperty("items")[0].GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await integration.PostJsonAsync("/api/v1/customers", TestCustomers.Json("not-allowed@example.com"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await integration.GetAsync("/api/v1/orders")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await integration.GetAsync("/api/v1/api-keys")).StatusCode);

        var used = (await Crm.GetAsync("/api/v1/api-keys")).GetProperty("items").EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == id);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, used.GetProperty("last_used_at").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/v1/api-keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await integration.GetAsync("/api/v1/customers")).StatusCode);
        using var wrong = Api.Node.Client();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", key + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/customers")).StatusCode);
    }

    [Theory]
    [InlineData("{\"scopes\": [\"customers:read\"]}", "name")]
    [InlineData("{\"name\": \"x\", \"scopes\": []}", "scopes")]
    [InlineData("{\"name\": \"x\", \"scopes\": [\"everything\"]}", "scopes")]
    public async Task Bad_key_requests_are_400_naming_the_field(string json, string field)
    {
        var response = await Http.PostAsync("/api/v1/api-keys", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, (await Crm.GetAsync("/api/v1/api-keys")).GetProperty("items").GetArrayLength());
    }
}
