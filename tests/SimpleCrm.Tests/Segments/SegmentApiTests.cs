using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Segments;

/// <summary>Defining segments: validation with the path of the bad node, static members, history, and who may do what.</summary>
public sealed class SegmentApiTests(ApiFixture api) : WorkspaceTest(api, "seg-api")
{
    [Theory]
    [InlineData("""{"all": [{"field": "country_code", "op": "in", "value": ["DE"]}, {"any": [{"field": "shoe_size", "op": "eq", "value": "x"}]}]}""", "rules/all/1/any/0/field")]
    [InlineData("""{"all": [{"field": "lifetime_value", "op": "gte", "value": "100"}]}""", "rules/all/0/value")]
    [InlineData("""{"any": [{"field": "tags", "op": "gte", "value": "vip"}]}""", "rules/any/0/op")]
    [InlineData("""{"all": [{"field": "country_code", "op": "in", "value": ["DE", 7]}]}""", "rules/all/0/value/1")]
    [InlineData("""{"all": [{"field": "lifetime_value", "op": "between", "value": [200, 100]}]}""", "rules/all/0/value")]
    [InlineData("""{"all": [{"field": "status", "op": "eq", "value": "gold"}]}""", "rules/all/0/value")]
    [InlineData("""{"all": {"field": "status", "op": "eq", "value": "vip"}}""", "rules/all")]
    [InlineData("""{"all": [{"field": "status", "op": "eq", "value": "vip", "extra": 1}]}""", "rules/all/0/extra")]
    [InlineData("""{"all": [], "any": []}""", "rules")]
    [InlineData("""[1]""", "rules")]
    public async Task Bad_rules_are_a_400_naming_the_path_of_the_bad_node(string rules, string path)
    {
        foreach (var url in new[] { "/api/v1/segments", "/api/v1/segments/preview" })
        {
            var body = $$"""{"name": "Bad {{Guid.NewGuid():N}}", "rules": {{rules}}}""";
            var response = await Http.PostAsync(url, new StringContent(url.EndsWith("preview") ? $$"""{"rules": {{rules}}}""" : body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.JsonAsync();
            Assert.True(problem.GetProperty("errors").TryGetProperty(path, out _), $"{url}: {problem}");
        }

        Assert.Empty((await Crm.GetAsync("/api/v1/segments")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_static_segment_keeps_hand_picked_members_and_its_history_says_who_was_in_it_at_an_instant()
    {
        var a = (await Crm.CreateCustomerAsync($"a-{Guid.NewGuid():N}@example.com")).GetProperty("id").GetGuid();
        var b = (await Crm.CreateCustomerAsync($"b-{Guid.NewGuid():N}@example.com")).GetProperty("id").GetGuid();
        var created = await Http.PostAsJsonAsync("/api/v1/segments", new { name = "Trade fair", kind = "static", customer_ids = new[] { a } }, ApiNode.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var segment = await created.JsonAsync();
        var id = segment.GetProperty("id").GetGuid();
        Assert.Equal("static", segment.GetProperty("kind").GetString());
        Assert.Equal(1, segment.GetProperty("member_count").GetInt64());

        await Task.Delay(50);
        var before = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        var changed = await Http.PostAsJsonAsync($"/api/v1/segments/{id}/members", new { add = new[] { b }, remove = new[] { a } }, ApiNode.Json);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(1, (await changed.JsonAsync()).GetProperty("member_count").GetInt64());

        Assert.Equal([b], Ids(await Crm.GetAsync($"/api/v1/segments/{id}/members")));
        Assert.Equal([a], Ids(await Crm.GetAsync($"/api/v1/segments/{id}/members?at={Uri.EscapeDataString(before.ToString("O"))}")));

        var rename = await Http.PatchAsJsonAsync($"/api/v1/segments/{id}", new { name = "Trade fair 2026" }, ApiNode.Json);
        Assert.Equal("Trade fair 2026", (await rename.JsonAsync()).GetProperty("name").GetString());
        var rules = await Http.PatchAsJsonAsync($"/api/v1/segments/{id}", new { rules = new { field = "status", op = "eq", value = "vip" } }, ApiNode.Json);
        Assert.Equal(HttpStatusCode.BadRequest, rules.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/v1/segments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/v1/segments/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_dynamic_segment_fills_from_its_rules_and_follows_new_rules()
    {
        var at = (await Crm.CreateCustomerAsync($"at-{Guid.NewGuid():N}@example.com", country: "AT")).GetProperty("id").GetGuid();
        var de = (await Crm.CreateCustomerAsync($"de-{Guid.NewGuid():N}@example.com", country: "DE")).GetProperty("id").GetGuid();
        var created = await Http.PostAsJsonAsync("/api/v1/segments", new { name = "DACH", rules = new { field = "country_code", op = "eq", value = "AT" } }, ApiNode.Json);
        var segment = await created.JsonAsync();
        var id = segment.GetProperty("id").GetGuid();
        Assert.Equal(1, segment.GetProperty("member_count").GetInt64());
        Assert.Equal("AT", segment.GetProperty("rules").GetProperty("value").GetString());

        var changed = await Http.PatchAsJsonAsync($"/api/v1/segments/{id}", new { rules = new { field = "country_code", op = "in", value = new[] { "DE", "AT" } } }, ApiNode.Json);
        Assert.Equal(2, (await changed.JsonAsync()).GetProperty("member_count").GetInt64());
        Assert.Equal(new[] { at, de }.Order(), Ids(await Crm.GetAsync($"/api/v1/segments/{id}/members")).Order());

        var duplicate = await Http.PostAsJsonAsync("/api/v1/segments", new { name = "dach", rules = new { field = "country_code", op = "eq", value = "AT" } }, ApiNode.Json);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var list = await Crm.GetAsync("/api/v1/segments");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetGuid() == id && s.GetProperty("member_count").GetInt64() == 2);
    }

    [Fact]
    public async Task Readers_may_list_segments_but_only_those_who_act_on_many_customers_may_define_them()
    {
        var reader = await MemberAsync("readonly");
        var agent = await MemberAsync("agent");
        Assert.Equal(HttpStatusCode.OK, (await reader.Http.GetAsync("/api/v1/segments")).StatusCode);
        foreach (var user in new[] { reader, agent })
        {
            var response = await user.Http.PostAsJsonAsync("/api/v1/segments", new { name = "Nope", rules = new { field = "status", op = "eq", value = "vip" } }, ApiNode.Json);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
}
