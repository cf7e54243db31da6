using System.Net;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Templates;

/// <summary>Templates through the API: storage, parse errors on save, the language fallback chain, escaping and the sandbox.</summary>
public sealed class TemplateTests(ApiFixture api) : WorkspaceTest(api, "templates")
{
    private static object Variant(string language, string subject, string html, string text) =>
        new { language, subject, body_html = html, body_text = text };

    private async Task<Guid> CustomerAsync(string email, string language, string timezone = "Europe/Berlin", string first = "Test") =>
        (await Crm.CreateCustomerAsync(new { first_name = first, last_name = "Kunde", email, country_code = "DE", language, timezone, currency = "EUR" }))
        .GetProperty("id").GetGuid();

    private async Task<Guid> TemplateAsync(object body)
    {
        var created = await Http.PostJsonAsync("/api/v1/templates", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync()).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> PreviewAsync(Guid template, Guid customer)
    {
        var preview = await Http.PostJsonAsync($"/api/v1/templates/{template}/preview", new { customer_id = customer });
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        return await preview.JsonAsync();
    }

    [Fact]
    public async Task A_template_is_created_read_listed_replaced_and_deleted()
    {
        var id = await TemplateAsync(new
        {
            name = "Welcome", kind = "email", default_language = "en",
            variants = new[] { Variant("en", "Hi {{ customer.first_name }}", "<p>Hi</p>", "Hi"), Variant("de", "Hallo", "<p>Hallo</p>", "Hallo") },
        });
        var read = await Crm.GetAsync($"/api/v1/templates/{id}");
        Assert.Equal("Welcome", read.GetProperty("name").GetString());
        Assert.Equal(2, read.GetProperty("variants").GetArrayLength());
        Assert.Equal("Hi {{ customer.first_name }}", read.GetProperty("variants")[0].GetProperty("subject").GetString());
        Assert.Equal(1, (await Crm.GetAsync("/api/v1/templates?kind=email")).GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await Crm.GetAsync("/api/v1/templates?kind=response")).GetProperty("items").GetArrayLength());

        var replaced = await Http.PutJsonAsync($"/api/v1/templates/{id}", new
        {
            name = "Canned reply", kind = "response", default_language = "de", variants = new[] { Variant("de", "Danke", "", "Danke!") },
        });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("response", (await Crm.GetAsync($"/api/v1/templates/{id}")).GetProperty("kind").GetString());

        var twin = await Http.PostJsonAsync("/api/v1/templates", new { name = "canned REPLY", kind = "email", default_language = "de", variants = new[] { Variant("de", "x", "", "x") } });
        Assert.Equal(HttpStatusCode.Conflict, twin.StatusCode);
        Assert.True((await twin.JsonAsync()).GetProperty("errors").TryGetProperty("name", out _));

        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/v1/templates/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/v1/templates/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_template_that_does_not_parse_is_refused_naming_the_variant_field_and_the_line()
    {
        var response = await Http.PostJsonAsync("/api/v1/templates", new
        {
            name = "Broken", kind = "email", default_language = "en",
            variants = new[] { Variant("en", "Fine", "<p>fine</p>", "fine"), Variant("de", "Gut", "<p>Hallo</p>\n<p>{% if customer.first_name %}oops</p>", "gut") },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        var problem = errors.GetProperty("variants[1].body_html")[0].GetString()!;
        Assert.StartsWith("line 2", problem);
        Assert.Single(errors.EnumerateObject());
        Assert.Equal(0, (await Crm.GetAsync("/api/v1/templates")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Invalid_fields_are_named()
    {
        var response = await Http.PostJsonAsync("/api/v1/templates", new
        {
            name = "", kind = "letter", default_language = "fr",
            variants = new[] { Variant("english", "", "", "") },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "name", "kind", "variants[0].language", "variants[0].subject", "variants[0].body_text" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        var noDefault = await Http.PostJsonAsync("/api/v1/templates", new { name = "No default", kind = "email", default_language = "fr", variants = new[] { Variant("en", "x", "", "x") } });
        Assert.Equal(HttpStatusCode.BadRequest, noDefault.StatusCode);
        Assert.True((await noDefault.JsonAsync()).GetProperty("errors").TryGetProperty("default_language", out _));
    }

    [Fact]
    public async Task The_variant_follows_the_customer_language_then_the_template_default()
    {
        var template = await TemplateAsync(new
        {
            name = "Order news", kind = "email", default_language = "fr",
            variants = new[]
            {
                Variant("en", "Hello {{ customer.first_name }}", "<p>Hello</p>", "Hello"),
                Variant("de", "Hallo {{ customer.first_name }}", "<p>Hallo</p>", "Hallo"),
                Variant("fr", "Bonjour {{ customer.first_name }}", "<p>Bonjour</p>", "Bonjour"),
            },
        });

        var german = await PreviewAsync(template, await CustomerAsync("de@example.com", "de", first: "Jonas"));
        Assert.Equal("de", german.GetProperty("language").GetString());
        Assert.Equal("Hallo Jonas", german.GetProperty("subject").GetString());

        var portuguese = await PreviewAsync(template, await CustomerAsync("pt@example.com", "pt", "Europe/Lisbon", "Inês"));
        Assert.Equal("fr", portuguese.GetProperty("language").GetString());
        Assert.Equal("Bonjour Inês", portuguese.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task A_customer_named_script_stays_text_in_the_html_part()
    {
        var template = await TemplateAsync(new
        {
            name = "Escaping", kind = "email", default_language = "en",
            variants = new[] { Variant("en", "Dear {{ customer.first_name }}", "<p>Dear {{ customer.first_name }}</p>", "Dear {{ customer.first_name }}") },
        });
        var customer = await CustomerAsync("script@example.com", "en", first: "<script>alert(1)</script>");

        var preview = await PreviewAsync(template, customer);
        var html = preview.GetProperty("body_html").GetString()!;
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.StartsWith("<p>Dear ", html);
        Assert.Equal("Dear <script>alert(1)</script>", preview.GetProperty("body_text").GetString());
    }

    [Fact]
    public async Task Money_and_dates_follow_the_customer_language_and_time_zone()
    {
        var customer = await CustomerAsync("berlin@example.com", "de", "Europe/Berlin", "Lena");
        await Crm.CreateOrderAsync(customer, "B-77", "EUR", 20m, orderedAt: "2026-01-15T23:30:00Z");
        var template = await TemplateAsync(new
        {
            name = "Receipt", kind = "email", default_language = "de",
            variants = new[]
            {
                Variant("de", "Bestellung {{ order.number }}", "<p>{{ 1234.5 | money: 'EUR' }}</p>",
                    "{{ order.ordered_at | local_date: 'd. MMMM yyyy HH:mm' }} / {{ agent.email }} / {{ shop.name }}"),
            },
        });

        var preview = await PreviewAsync(template, customer);
        Assert.Equal("Bestellung B-77", preview.GetProperty("subject").GetString());
        Assert.Equal("<p>1.234,50 EUR</p>", preview.GetProperty("body_html").GetString());
        var text = preview.GetProperty("body_text").GetString()!;
        Assert.StartsWith("16. Januar 2026 00:30 / ", text);
        Assert.Contains("@", text);
    }

    [Theory]
    [InlineData("{% for i in (1..1000000000) %}x{% endfor %}")]
    [InlineData("{% for a in (1..100000) %}{% for b in (1..100000) %}{% endfor %}{% endfor %}")]
    [InlineData("{% include 'appsettings.json' %}")]
    public async Task A_template_that_cannot_finish_or_reads_files_is_refused_on_save(string body)
    {
        var response = await Http.PostJsonAsync("/api/v1/templates", new
        {
            name = "Runaway", kind = "email", default_language = "en", variants = new[] { Variant("en", "Loop", "<p>ok</p>", body) },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Contains("Stopped", errors.GetProperty("variants[0].body_text")[0].GetString());
        Assert.Equal(0, (await Crm.GetAsync("/api/v1/templates")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_preview_names_what_is_missing()
    {
        var template = await TemplateAsync(new { name = "Preview", kind = "response", default_language = "en", variants = new[] { Variant("en", "x", "", "x") } });
        var missing = await Http.PostJsonAsync($"/api/v1/templates/{template}/preview", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await missing.JsonAsync()).GetProperty("errors").TryGetProperty("customer_id", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.PostJsonAsync($"/api/v1/templates/{template}/preview", new { customer_id = Guid.NewGuid() })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.PostJsonAsync($"/api/v1/templates/{Guid.NewGuid()}/preview", new { customer_id = Guid.NewGuid() })).StatusCode);
    }

    [Fact]
    public async Task A_template_renders_each_customer_their_own_values_and_a_replaced_one_its_new_text()
    {
        var template = await TemplateAsync(new { name = "Reused", kind = "email", default_language = "en", variants = new[] { Variant("en", "Hi {{ customer.first_name }}", "<p>Old {{ customer.first_name }}</p>", "Old") } });
        var ada = await CustomerAsync("ada@example.com", "en", first: "Ada");
        var bob = await CustomerAsync("bob@example.com", "en", first: "Bob");
        Assert.Equal("Hi Ada", (await PreviewAsync(template, ada)).GetProperty("subject").GetString());
        Assert.Equal("Hi Bob", (await PreviewAsync(template, bob)).GetProperty("subject").GetString());

        var replaced = await Http.PutJsonAsync($"/api/v1/templates/{template}", new
        {
            name = "Reused", kind = "email", default_language = "en", variants = new[] { Variant("en", "Hello {{ customer.first_name }}", "<p>New {{ customer.first_name }}</p>", "New") },
        });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var preview = await PreviewAsync(template, ada);
        Assert.Equal("Hello Ada", preview.GetProperty("subject").GetString());
        Assert.Equal("<p>New Ada</p>", preview.GetProperty("body_html").GetString());
    }
}
