using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsvHelper;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Customers;

/// <summary>
/// What goes in and out stays true: bulk owners are team members, agents count only their own tags, exports do
/// not run in spreadsheets, and imports read the file's real encoding instead of storing U+FFFD.
/// </summary>
public sealed class CustomerIntegrityTests(ApiFixture api) : WorkspaceTest(api, "integ")
{
    private const string Header = "first_name,last_name,email,country_code,city";

    static CustomerIntegrityTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public async Task Bulk_assign_owner_refuses_anyone_who_is_not_a_member_of_the_workspace_and_changes_nothing()
    {
        var ids = new[]
        {
            (await Crm.CreateCustomerAsync("owner-a@example.com")).GetProperty("id").GetGuid(),
            (await Crm.CreateCustomerAsync("owner-b@example.com")).GetProperty("id").GetGuid(),
        };
        var stranger = await Api.Node.UserAsync($"{Workspace}-other", "agent");

        foreach (var owner in new[] { Guid.NewGuid(), stranger.Id })
        {
            var refused = await Http.PostAsJsonAsync("/api/v1/customers/bulk", new { action = "assign_owner", ids, owner_id = owner }, ApiNode.Json);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(owner.ToString(), (await refused.JsonAsync()).GetProperty("errors").GetProperty("owner_id")[0].GetString());
        }

        foreach (var id in ids)
        {
            var customer = await Crm.GetAsync($"/api/v1/customers/{id}");
            Assert.Equal(JsonValueKind.Null, customer.GetProperty("owner_id").ValueKind);
            Assert.Equal(1, customer.GetProperty("version").GetInt32());
        }

        var member = await MemberAsync("agent");
        var assigned = await (await Http.PostAsJsonAsync("/api/v1/customers/bulk", new { action = "assign_owner", ids, owner_id = member.Id }, ApiNode.Json)).JsonAsync();
        Assert.Equal(2, assigned.GetProperty("succeeded").GetInt32());
        Assert.Equal(member.Id, (await Crm.GetAsync($"/api/v1/customers/{ids[0]}")).GetProperty("owner_id").GetGuid());
    }

    [Fact]
    public async Task An_import_naming_an_owner_outside_the_workspace_is_refused_on_that_row()
    {
        var stranger = await Api.Node.UserAsync($"{Workspace}-far", "agent");
        var member = await MemberAsync("manager");
        var before = await CountAsync();
        var file = $"first_name,last_name,email,country_code,owner_id\nOk,Owner,import-owner-ok@example.com,DE,{member.Id}\nBad,Owner,import-owner-bad@example.com,DE,{stranger.Id}\n";

        var refused = await PostCsvAsync(Encoding.UTF8.GetBytes(file));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains(stranger.Id.ToString(), (await refused.JsonAsync()).GetProperty("errors").GetProperty("rows[3].owner_id")[0].GetString());
        Assert.Equal(before, await CountAsync());

        var skipped = await (await PostCsvAsync(Encoding.UTF8.GetBytes(file), "?mode=skip_invalid")).JsonAsync();
        Assert.Equal((1, 1), (skipped.GetProperty("created").GetInt32(), skipped.GetProperty("skipped").GetInt32()));
        Assert.Equal(member.Id, (await Crm.GetAsync("/api/v1/customers?q=import-owner-ok@example.com")).GetProperty("items")[0].GetProperty("owner_id").GetGuid());
    }

    [Fact]
    public async Task An_agent_sees_only_the_tags_of_customers_assigned_to_them_counted_over_those()
    {
        var agent = await MemberAsync("agent");
        await Crm.CreateCustomerAsync(new { first_name = "Mine", last_name = "One", email = "tag-mine@example.com", country_code = "DE", owner_id = agent.Id, tags = new[] { "shared-tag", "agent-tag" } });
        await Crm.CreateCustomerAsync(new { first_name = "Not", last_name = "Mine", email = "tag-other@example.com", country_code = "DE", tags = new[] { "shared-tag", "hidden-tag" } });

        var seenByAgent = Counts(await (await agent.Http.GetAsync("/api/v1/tags")).JsonAsync());
        Assert.Equal(new Dictionary<string, long> { ["agent-tag"] = 1, ["shared-tag"] = 1 }, seenByAgent);

        var seenByAdmin = Counts(await Crm.GetAsync("/api/v1/tags"));
        Assert.Equal(2, seenByAdmin["shared-tag"]);
        Assert.Equal(1, seenByAdmin["hidden-tag"]);

        static Dictionary<string, long> Counts(JsonElement tags) =>
            tags.EnumerateArray().ToDictionary(t => t.GetProperty("tag").GetString()!, t => t.GetProperty("customers").GetInt64());
    }

    [Fact]
    public async Task Export_writes_formula_like_text_after_a_quote_keeps_numbers_and_imports_back_unchanged()
    {
        const string formula = "=1+2";
        const string link = "=HYPERLINK(\"https://attacker.example\",\"Click\")";
        await Crm.CreateCustomerAsync(new
        {
            first_name = formula, last_name = link, email = "formula@example.com", country_code = "DE", phone = "030 1234567",
            company_name = "@SUM(A1:A9)", city = "-2+3", region = "'=already quoted",
        });

        var csv = await Http.GetStringAsync("/api/v1/customers/export?format=csv&q=formula@example.com");
        using (var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture))
        {
            await reader.ReadAsync();
            reader.ReadHeader();
            await reader.ReadAsync();
            Assert.Equal("'=1+2", reader.GetField("first_name"));
            Assert.Equal("'" + link, reader.GetField("last_name"));
            Assert.Equal("'@SUM(A1:A9)", reader.GetField("company_name"));
            Assert.Equal("'-2+3", reader.GetField("city"));
            Assert.Equal("''=already quoted", reader.GetField("region"));
            Assert.Equal("'+49301234567", reader.GetField("phone")); // E.164, kept as text with the quote
            Assert.Equal("0", reader.GetField("lifetime_value")); // numbers are not touched
            Assert.Equal("0", reader.GetField("total_orders"));
        }

        var reimport = await (await PostCsvAsync(Encoding.UTF8.GetBytes(csv))).JsonAsync();
        Assert.Equal((0, 1), (reimport.GetProperty("created").GetInt32(), reimport.GetProperty("updated").GetInt32()));
        var back = (await Crm.GetAsync("/api/v1/customers?q=formula@example.com")).GetProperty("items")[0];
        Assert.Equal(formula, back.GetProperty("first_name").GetString());
        Assert.Equal(link, back.GetProperty("last_name").GetString());
        Assert.Equal("'=already quoted", back.GetProperty("region").GetString());
        Assert.Equal("+49301234567", back.GetProperty("phone").GetString());
        Assert.Equal(2, back.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Windows_1252_bytes_as_excel_writes_them_are_detected_and_stored_as_the_letters_they_are()
    {
        var text = $"{Header}\nJosé,Müller,cp1252-jose@example.de,DE,Köln\nZoë,Œuvre-Núñez,cp1252-zoe@example.fr,FR,Besançon – “Centre”\n";
        var response = await PostCsvAsync(Encoding.GetEncoding(1252).GetBytes(text));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.JsonAsync()).GetProperty("created").GetInt32());

        var jose = (await Crm.GetAsync("/api/v1/customers?q=cp1252-jose@example.de")).GetProperty("items")[0];
        Assert.Equal(("José", "Müller", "Köln"), (jose.GetProperty("first_name").GetString(), jose.GetProperty("last_name").GetString(), jose.GetProperty("city").GetString()));
        var zoe = (await Crm.GetAsync("/api/v1/customers?q=cp1252-zoe@example.fr")).GetProperty("items")[0];
        Assert.Equal(("Zoë", "Œuvre-Núñez", "Besançon – “Centre”"), (zoe.GetProperty("first_name").GetString(), zoe.GetProperty("last_name").GetString(), zoe.GetProperty("city").GetString()));
    }

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-8")]
    [InlineData("utf-16le-bom")]
    [InlineData("utf-16be-bom")]
    public async Task Unicode_files_keep_every_character(string form)
    {
        var email = $"unicode-{form}@example.com";
        var text = $"{Header}\n王,芳,{email},CN,Zürich €\n";
        var bytes = form switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-8" => Encoding.UTF8.GetBytes(text),
            "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            _ => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
        };
        var response = await PostCsvAsync(bytes);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = (await Crm.GetAsync($"/api/v1/customers?q={email}")).GetProperty("items")[0];
        Assert.Equal(("王", "芳", "Zürich €"), (stored.GetProperty("first_name").GetString(), stored.GetProperty("last_name").GetString(), stored.GetProperty("city").GetString()));
    }

    [Theory]
    [InlineData(1250, "Łukasz,Wróbel,{0},PL,Łódź", "?encoding=windows-1250", null)]
    [InlineData(1250, "Łukasz,Wróbel,{0},PL,Łódź", "", "windows-1250")]
    [InlineData(932, "山田,太郎,{0},JP,東京", "?charset=shift_jis", null)]
    [InlineData(1251, "Иван,Петров,{0},BG,София", "?encoding=windows-1251", null)]
    public async Task Other_encodings_import_when_the_sender_names_them_and_are_refused_with_the_line_when_not(int codePage, string row, string query, string? contentTypeCharset)
    {
        var email = $"cp{codePage}-{Guid.NewGuid():N}"[..16] + "@example.com";
        var bytes = Encoding.GetEncoding(codePage).GetBytes($"{Header}\nPlain,Ascii,plain-{Guid.NewGuid():N}@example.org,DE,Berlin\n{string.Format(CultureInfo.InvariantCulture, row, email)}\n");
        var before = await CountAsync();

        var undeclared = await PostCsvAsync(bytes);
        Assert.Equal(HttpStatusCode.BadRequest, undeclared.StatusCode);
        var problem = await undeclared.JsonAsync();
        var message = problem.GetProperty("errors").GetProperty("file")[0].GetString()!;
        Assert.StartsWith("Line 3 ", message);
        Assert.Contains("encoding=windows-1252", message);
        Assert.Equal(before, await CountAsync());

        var declared = await PostCsvAsync(bytes, query, contentTypeCharset);
        Assert.Equal(HttpStatusCode.OK, declared.StatusCode);
        var expected = string.Format(CultureInfo.InvariantCulture, row, email).Split(',');
        var stored = (await Crm.GetAsync($"/api/v1/customers?q={email}")).GetProperty("items")[0];
        Assert.Equal((expected[0], expected[1], expected[4]), (stored.GetProperty("first_name").GetString(), stored.GetProperty("last_name").GetString(), stored.GetProperty("city").GetString()));
    }

    [Fact]
    public async Task Bytes_that_are_not_the_declared_encoding_an_unknown_encoding_or_earlier_replacement_characters_are_400()
    {
        var before = await CountAsync();
        var latin = Encoding.GetEncoding(1252).GetBytes($"{Header}\nJosé,Müller,declared-utf8@example.de,DE,Köln\n");

        var wrongDeclaration = await PostCsvAsync(latin, contentTypeCharset: "utf-8");
        Assert.Equal(HttpStatusCode.BadRequest, wrongDeclaration.StatusCode);
        Assert.StartsWith("Line 2 has bytes that are not valid utf-8", (await wrongDeclaration.JsonAsync()).GetProperty("errors").GetProperty("file")[0].GetString());

        foreach (var name in new[] { "klingon-8", "utf-7" })
        {
            var unknown = await PostCsvAsync(latin, $"?encoding={name}");
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.True((await unknown.JsonAsync()).GetProperty("errors").TryGetProperty("encoding", out _));
        }

        var lost = await PostCsvAsync(Encoding.UTF8.GetBytes($"{Header}\nJos\uFFFD,M\uFFFDller,lost@example.de,DE,Berlin\n"));
        Assert.Equal(HttpStatusCode.BadRequest, lost.StatusCode);
        Assert.StartsWith("Line 2 contains U+FFFD", (await lost.JsonAsync()).GetProperty("errors").GetProperty("file")[0].GetString());

        var binary = await PostCsvAsync([.. Encoding.ASCII.GetBytes($"{Header}\n"), 0xE9, 0x01, 0x02, 0xFF, 0x9D, 0x0A]);
        Assert.Equal(HttpStatusCode.BadRequest, binary.StatusCode);
        Assert.Equal(before, await CountAsync());
    }

    /// <summary>The file's bytes as they are, text/csv with no charset unless one is given.</summary>
    private Task<HttpResponseMessage> PostCsvAsync(byte[] bytes, string query = "", string? contentTypeCharset = null)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = contentTypeCharset };
        return Http.PostAsync($"/api/v1/customers/import{query}", content);
    }

    private async Task<long> CountAsync() => (await Crm.GetAsync("/api/v1/customers?include_total=true&limit=1")).GetProperty("total").GetInt64();
}
