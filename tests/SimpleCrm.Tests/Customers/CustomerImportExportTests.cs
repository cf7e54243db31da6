using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Customers;

/// <summary>CSV/JSON export (streamed), CSV import (validated first, all-or-nothing or skip), bulk actions and tags.</summary>
public sealed class CustomerImportExportTests(ApiFixture api) : WorkspaceTest(api, "io")
{
    private const string Header = "first_name,last_name,email,country_code,phone,tags,status";

    [Fact]
    public async Task A_valid_file_imports_and_a_second_import_updates_by_email()
    {
        var first = await ImportAsync($"{Header}\nAna,García,ana@example.es,ES,+34 912 345 678,vip;b2b,active\n\"Zoë \"\"Z\"\"\",Ng,zoe@example.sg,SG,,,vip\n");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var report = await first.JsonAsync();
        Assert.Equal((2, 0, 0), (report.GetProperty("created").GetInt32(), report.GetProperty("updated").GetInt32(), report.GetProperty("invalid").GetInt32()));

        var second = await (await ImportAsync("first_name,last_name,email,country_code,city\nAna,García,ANA@example.es,ES,Madrid\n")).JsonAsync();
        Assert.Equal((0, 1), (second.GetProperty("created").GetInt32(), second.GetProperty("updated").GetInt32()));

        var ana = (await Crm.GetAsync("/api/v1/customers?q=ana@example.es")).GetProperty("items")[0];
        Assert.Equal("Madrid", ana.GetProperty("city").GetString());
        Assert.Equal(["vip", "b2b"], ana.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)); // columns not in the file are kept
        Assert.Equal("Zoë \"Z\"", (await Crm.GetAsync("/api/v1/customers?q=zoe@example.sg")).GetProperty("items")[0].GetProperty("first_name").GetString());
    }

    [Fact]
    public async Task Invalid_rows_reject_the_whole_file_with_a_row_level_report_unless_told_to_skip_them()
    {
        var file = $"{Header}\nGood,Row,good@example.com,DE,,,\nBad,Email,not-an-email,DE,,,\nBad,Country,bad-country@example.com,XX,,,\nDup,Row,GOOD@example.com,DE,,,\n";
        var before = await CountAsync();

        var rejected = await ImportAsync(file);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        var problem = await rejected.JsonAsync();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("rows[3].email", out _));
        Assert.True(errors.TryGetProperty("rows[4].country_code", out _));
        Assert.True(errors.TryGetProperty("rows[5].email", out _)); // duplicate of row 2 within the file
        Assert.Equal(3, problem.GetProperty("report").GetProperty("invalid").GetInt32());
        Assert.Equal(before, await CountAsync());

        var dryRun = await (await ImportAsync(file, "mode=skip_invalid&dry_run=true")).JsonAsync();
        Assert.Equal(1, dryRun.GetProperty("valid").GetInt32());
        Assert.Equal(before, await CountAsync());

        var skipped = await (await ImportAsync(file, "mode=skip_invalid")).JsonAsync();
        Assert.Equal(1, skipped.GetProperty("created").GetInt32());
        Assert.Equal(3, skipped.GetProperty("skipped").GetInt32());
        Assert.Equal(before + 1, await CountAsync());
    }

    [Theory]
    [InlineData("first_name,last_name,email,country_code\n\"Broken,Quote,b@example.com,DE\nNext,Row,n@example.com,DE\n", "file")]
    [InlineData("first_name,last_name,email\nA,B,a@example.com\n", "header")]
    [InlineData("first_name,last_name,email,country_code,shoe_size\nA,B,a@example.com,DE,44\n", "header")]
    [InlineData("", "header")]
    public async Task Malformed_files_are_400_and_import_nothing(string file, string field)
    {
        var before = await CountAsync();
        var response = await ImportAsync(file);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_file_over_the_limit_is_413()
    {
        var big = new StringBuilder(Header + "\n");
        var row = "Name,Surname,someone@example.com,DE,,,\n";
        while (big.Length < 21 * 1024 * 1024)
        {
            big.Append(row);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers/import") { Content = new StringContent(big.ToString(), Encoding.UTF8, "text/csv") };
        request.Headers.ExpectContinue = true;
        var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Export_streams_csv_and_json_that_import_back()
    {
        await Crm.CreateCustomerAsync(new { first_name = "Émile", last_name = "Zola, fils", email = "emile@example.fr", country_code = "FR", tags = new[] { "author" } });

        var csv = await Http.GetStringAsync("/api/v1/customers/export?format=csv&country=FR");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,first_name,last_name,email", lines[0]);
        Assert.Contains("\"Zola, fils\"", lines[1]);

        var json = JsonDocument.Parse(await Http.GetStringAsync("/api/v1/customers/export?format=json&country=FR")).RootElement;
        Assert.Equal("emile@example.fr", json[0].GetProperty("email").GetString());

        // The export is a valid import (an update of the same customer).
        var reimport = await (await ImportAsync(csv)).JsonAsync();
        Assert.Equal((0, 1), (reimport.GetProperty("created").GetInt32(), reimport.GetProperty("updated").GetInt32()));
    }

    [Fact]
    public async Task Bulk_tagging_a_filtered_set_goes_through_each_grain()
    {
        for (var i = 0; i < 12; i++)
        {
            await Crm.CreateCustomerAsync(new { first_name = "Bulk", last_name = $"N{i}", email = $"bulk{i}@example.jp", country_code = i % 2 == 0 ? "JP" : "KR" });
        }

        var result = await (await Http.PostAsJsonAsync("/api/v1/customers/bulk", new { action = "add_tags", filter = "country=JP&q=bulk", tags = new[] { "asia-promo" } }, ApiNode.Json)).JsonAsync();
        Assert.Equal((6, 6), (result.GetProperty("matched").GetInt32(), result.GetProperty("succeeded").GetInt32()));

        var tagged = await Crm.GetAsync("/api/v1/customers?tag=asia-promo&include_total=true");
        Assert.Equal(6, tagged.GetProperty("total").GetInt64());
        Assert.All(tagged.GetProperty("items").EnumerateArray(), c => Assert.Equal("JP", c.GetProperty("country_code").GetString()));
        Assert.All(tagged.GetProperty("items").EnumerateArray(), c => Assert.Equal(2, c.GetProperty("version").GetInt32()));

        var renamed = await (await Http.PostAsJsonAsync("/api/v1/tags/rename", new { from = "asia-promo", to = "apac" }, ApiNode.Json)).JsonAsync();
        Assert.Equal(6, renamed.GetProperty("succeeded").GetInt32());
        var tags = await Crm.GetAsync("/api/v1/tags");
        Assert.Contains(tags.EnumerateArray(), t => t.GetProperty("tag").GetString() == "apac" && t.GetProperty("customers").GetInt64() == 6);
        Assert.DoesNotContain(tags.EnumerateArray(), t => t.GetProperty("tag").GetString() == "asia-promo");
    }

    [Theory]
    [InlineData("""{"action": "add_tags", "filter": "country=JP"}""", "tags")]
    [InlineData("""{"action": "add_tags", "tags": ["x"]}""", "ids")]
    [InlineData("""{"action": "set_status", "filter": "country=JP"}""", "status")]
    [InlineData("""{"action": "delete", "filter": "contry=JP"}""", "filter")]
    [InlineData("""{"action": "explode", "filter": "country=JP"}""", "action")]
    public async Task Bad_bulk_requests_are_400_naming_the_field(string body, string field)
    {
        var response = await Http.PostAsync("/api/v1/customers/bulk", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    private Task<HttpResponseMessage> ImportAsync(string csv, string query = "") =>
        Http.PostAsync($"/api/v1/customers/import?{query}", new StringContent(csv, Encoding.UTF8, "text/csv"));

    private async Task<long> CountAsync() => (await Crm.GetAsync("/api/v1/customers?include_total=true&limit=1")).GetProperty("total").GetInt64();
}
