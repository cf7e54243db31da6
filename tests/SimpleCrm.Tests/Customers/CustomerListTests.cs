using System.Net;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Customers;

/// <summary>GET /customers against real PostgreSQL: search, filters, sort, sparse fields, paging.</summary>
public sealed class CustomerListTests(ApiFixture api) : WorkspaceTest(api, "list")
{
    protected override async Task SeedAsync()
    {
        await Crm.CreateCustomerAsync(new { first_name = "Jürgen", last_name = "Müller", email = "juergen@example.de", country_code = "DE", tags = new[] { "vip", "b2b" }, custom_fields = new { tier = "gold" } });
        await Crm.CreateCustomerAsync(new { first_name = "John", last_name = "Smith", email = "john.smith@example.com", country_code = "US", company_name = "Acme Ltd", status = "vip" });
        await Crm.CreateCustomerAsync(new { first_name = "芳", last_name = "王", email = "wang.fang@example.cn", country_code = "CN", phone = "+86 138 0013 8000" });
        await Crm.CreateCustomerAsync(new { first_name = "Chloé", last_name = "Lefèvre", email = "chloe@example.fr", country_code = "FR", tags = new[] { "vip" }, status = "inactive" });
        await Crm.CreateCustomerAsync(new { first_name = "Ana", last_name = "García", email = "ana@example.es", country_code = "ES" });
    }

    [Theory]
    [InlineData("muller", "juergen@example.de")] // accents ignored
    [InlineData("MÜLLER", "juergen@example.de")] // case ignored
    [InlineData("jo", "john.smith@example.com")] // partial, short: prefix of a name
    [InlineData("mith", "john.smith@example.com")] // partial, inside a name
    [InlineData("acme", "john.smith@example.com")] // company
    [InlineData("王芳", "wang.fang@example.cn")] // CJK full name, family name first
    [InlineData("王", "wang.fang@example.cn")] // CJK family name alone
    [InlineData("lefevre", "chloe@example.fr")]
    [InlineData("8000", "wang.fang@example.cn")] // phone digits
    public async Task Search_finds_by_accent_and_case_insensitive_partial_text(string q, string email) =>
        Assert.Equal([email], await EmailsAsync($"q={Uri.EscapeDataString(q)}"));

    [Fact]
    public async Task Filters_combine_country_status_tag_and_custom_fields()
    {
        Assert.Equal(["juergen@example.de"], await EmailsAsync("country=DE"));
        Assert.Equal(2, (await EmailsAsync("country=de,fr")).Count);
        Assert.Equal(["john.smith@example.com"], await EmailsAsync("status=vip"));
        Assert.Equal(2, (await EmailsAsync("tag=vip")).Count);
        Assert.Equal(["juergen@example.de"], await EmailsAsync("tag=vip,b2b"));
        Assert.Equal(["juergen@example.de"], await EmailsAsync("custom.tier=gold"));
        Assert.Empty(await EmailsAsync("ltv_gte=1"));
        Assert.Equal(5, (await EmailsAsync("ltv_gte=0&created_after=2020-01-01")).Count);
    }

    [Fact]
    public async Task Ids_pick_exactly_those_customers_in_one_request()
    {
        var all = await Crm.GetAsync("/api/v1/customers?fields=email&limit=10");
        var byEmail = all.GetProperty("items").EnumerateArray().ToDictionary(c => c.GetProperty("email").GetString()!, c => c.GetProperty("id").GetString()!);

        var two = await EmailsAsync($"id={byEmail["ana@example.es"]},{byEmail["chloe@example.fr"].ToUpperInvariant()}");
        Assert.Equal(["ana@example.es", "chloe@example.fr"], two.Order());
        // Beside other filters, an id narrows like any filter; an id of nobody here matches nothing.
        Assert.Equal(["chloe@example.fr"], await EmailsAsync($"id={byEmail["ana@example.es"]}&id={byEmail["chloe@example.fr"]}&country=FR"));
        Assert.Empty(await EmailsAsync($"id={Guid.NewGuid()}"));
    }

    [Fact]
    public async Task Sort_by_last_name_pages_with_cursors_without_gaps_or_repeats()
    {
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Crm.GetAsync("/api/v1/customers?sort=last_name,-created_at&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("last_name").GetString()!));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(["García", "Lefèvre", "Müller", "Smith", "王"], seen);
    }

    [Fact]
    public async Task Offset_paging_and_the_total_serve_page_jumps()
    {
        var page = await Crm.GetAsync("/api/v1/customers?sort=email&offset=3&limit=1&include_total=true");
        Assert.Equal(5, page.GetProperty("total").GetInt64());
        Assert.Equal("juergen@example.de", page.GetProperty("items")[0].GetProperty("email").GetString());
    }

    [Fact]
    public async Task Sparse_fields_return_only_what_was_asked_for()
    {
        var page = await Crm.GetAsync("/api/v1/customers?fields=first_name,email&limit=1");
        var item = page.GetProperty("items")[0];
        Assert.Equal(["id", "first_name", "email"], item.EnumerateObject().Select(p => p.Name).OrderBy(n => n == "id" ? 0 : 1).ThenBy(n => n == "first_name" ? 0 : 1));
    }

    [Theory]
    [InlineData("contry=DE", "contry")]
    [InlineData("country=XX", "country")]
    [InlineData("status=gold", "status")]
    [InlineData("sort=password", "sort")]
    [InlineData("fields=password", "fields")]
    [InlineData("ltv_gte=lots", "ltv_gte")]
    [InlineData("created_after=yesterday", "created_after")]
    [InlineData("limit=0", "limit")]
    [InlineData("offset=20000", "offset")]
    [InlineData("cursor=abc", "cursor")]
    [InlineData("id=42", "id")]
    [InlineData("q=%27%3B%20drop%20table%20customers%3B--&limit=500", "limit")]
    public async Task Bad_list_parameters_are_400_naming_the_parameter(string query, string parameter)
    {
        var response = await Http.GetAsync($"/api/v1/customers?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task A_cursor_from_another_sort_order_is_refused()
    {
        var byEmail = await Crm.GetAsync("/api/v1/customers?sort=email&limit=1");
        var cursor = byEmail.GetProperty("next_cursor").GetString();
        var response = await Http.GetAsync($"/api/v1/customers?sort=last_name&limit=1&cursor={cursor}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("' or 1=1 --")]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("\\")]
    [InlineData("<script>alert(1)</script>")]
    public async Task Hostile_search_text_is_plain_text(string q) =>
        Assert.Empty(await EmailsAsync($"q={Uri.EscapeDataString(q)}"));

    private async Task<List<string>> EmailsAsync(string query)
    {
        var page = await Crm.GetAsync($"/api/v1/customers?{query}");
        return page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("email").GetString()!).ToList();
    }
}
