using System.Net;
using System.Net.Http.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Customers;

/// <summary>Custom fields: definitions, typed validation of values, filtering and sorting on them.</summary>
public sealed class CustomFieldTests(ApiFixture api) : WorkspaceTest(api, "cf")
{
    protected override async Task SeedAsync()
    {
        await DefineAsync("shoe_size", new { label = "Shoe size", type = "number" });
        await DefineAsync("tier", new { label = "Tier", type = "select", options = new[] { "bronze", "silver", "gold" } });
        await DefineAsync("birthday", new { label = "Birthday", type = "date" });
        await DefineAsync("newsletter", new { label = "Newsletter", type = "boolean" });
        await DefineAsync("loyalty_id", new { label = "Loyalty id", type = "text", required = true });
    }

    [Theory]
    [InlineData("""{"shoe_size": "forty", "loyalty_id": "L1"}""", "custom_fields.shoe_size")]
    [InlineData("""{"tier": "platinum", "loyalty_id": "L1"}""", "custom_fields.tier")]
    [InlineData("""{"birthday": "31/12/1990", "loyalty_id": "L1"}""", "custom_fields.birthday")]
    [InlineData("""{"newsletter": "yes", "loyalty_id": "L1"}""", "custom_fields.newsletter")]
    [InlineData("""{"shoe_size": 42}""", "custom_fields.loyalty_id")]
    public async Task A_value_of_the_wrong_type_is_400_on_that_field_and_writes_nothing(string customFields, string field)
    {
        var before = await CountAsync();
        var body = $$"""{"first_name": "Cf", "last_name": "Test", "email": "cf-{{Guid.NewGuid():N}}@example.com", "country_code": "DE", "custom_fields": {{customFields}}}""";
        var response = await Http.PostAsync("/api/v1/customers", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Typed_values_are_accepted_filtered_and_sorted_numerically()
    {
        foreach (var (name, size, tier) in new[] { ("Nine", 9, "gold"), ("Forty", 40, "silver"), ("Ten", 10, "gold") })
        {
            await Crm.CreateCustomerAsync(new
            {
                first_name = name, last_name = "Sized", email = $"{name}-{Guid.NewGuid():N}@example.com", country_code = "IT",
                custom_fields = new { shoe_size = size, tier, birthday = "1990-05-17", newsletter = true, loyalty_id = $"L-{name}" },
            });
        }

        var sorted = await Crm.GetAsync("/api/v1/customers?q=sized&sort=custom.shoe_size");
        Assert.Equal(["Nine", "Ten", "Forty"], sorted.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("first_name").GetString()!));

        var gold = await Crm.GetAsync("/api/v1/customers?q=sized&custom.tier=gold&sort=-custom.shoe_size");
        Assert.Equal(["Ten", "Nine"], gold.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("first_name").GetString()!));
    }

    [Fact]
    public async Task Bad_definitions_are_400_and_unknown_ones_404()
    {
        var badKey = await Http.PutAsJsonAsync("/api/v1/custom-fields/Bad-Key", new { label = "x", type = "text" }, ApiNode.Json);
        Assert.Equal(HttpStatusCode.BadRequest, badKey.StatusCode);
        var emptySelect = await Http.PutAsJsonAsync("/api/v1/custom-fields/size", new { label = "Size", type = "select" }, ApiNode.Json);
        Assert.True((await emptySelect.JsonAsync()).GetProperty("errors").TryGetProperty("options", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.DeleteAsync("/api/v1/custom-fields/nothing_here")).StatusCode);
        Assert.Equal(5, (await Crm.GetAsync("/api/v1/custom-fields")).GetArrayLength());
    }

    private async Task DefineAsync(string key, object body)
    {
        var response = await Http.PutAsJsonAsync($"/api/v1/custom-fields/{key}", body, ApiNode.Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<long> CountAsync() => (await Crm.GetAsync("/api/v1/customers?include_total=true&limit=1")).GetProperty("total").GetInt64();
}
