using System.Net;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Templates;

/// <summary>The editor's live preview: unsaved edits rendered for a chosen customer, and a part that does not parse answered with its line and reason.</summary>
public sealed class TemplateDraftPreviewTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_draft_renders_in_the_customer_language_without_being_saved_and_a_broken_draft_is_a_400_with_line_and_reason()
    {
        var admin = await api.Node.UserAsync($"tpl-{Guid.NewGuid():N}"[..20], "admin");
        var crm = new CrmApiClient(admin.Http);
        var customer = (await crm.CreateCustomerAsync(new { first_name = "Greta", last_name = "Gast", email = $"greta-{Guid.NewGuid():N}@example.com", country_code = "DE", language = "de", timezone = "Europe/Berlin", currency = "EUR" }))
            .GetProperty("id").GetGuid();
        var template = (await (await admin.Http.PostJsonAsync("/api/v1/templates", new
        {
            name = "Welcome", kind = "email", default_language = "en",
            variants = new[] { new { language = "en", subject = "Welcome {{ customer.first_name }}", body_html = "", body_text = "Hello" } },
        })).JsonAsync()).GetProperty("id").GetGuid();

        var draft = new
        {
            name = "Welcome", kind = "email", default_language = "en",
            variants = new[]
            {
                new { language = "en", subject = "Welcome {{ customer.first_name }}", body_html = "", body_text = "Hello" },
                new { language = "de", subject = "Willkommen {{ customer.first_name }}", body_html = "", body_text = "Hallo" },
            },
        };
        var preview = await (await admin.Http.PostJsonAsync($"/api/v1/templates/{template}/preview", new { customer_id = customer, draft })).JsonAsync();
        Assert.Equal("de", preview.GetProperty("language").GetString());
        Assert.Equal("Willkommen Greta", preview.GetProperty("subject").GetString());

        // Not saved: the stored template still has English only.
        var stored = await (await admin.Http.PostJsonAsync($"/api/v1/templates/{template}/preview", new { customer_id = customer })).JsonAsync();
        Assert.Equal("Welcome Greta", stored.GetProperty("subject").GetString());

        var broken = new
        {
            name = "Welcome", kind = "email", default_language = "en",
            variants = new[] { new { language = "en", subject = "Hi", body_html = "", body_text = "Line one\n{% if customer.first_name %}never closed" } },
        };
        var refused = await admin.Http.PostJsonAsync($"/api/v1/templates/{template}/preview", new { customer_id = customer, draft = broken });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = (await refused.JsonAsync()).GetProperty("errors").GetProperty("draft.variants[0].body_text")[0].GetString();
        Assert.StartsWith("line ", error);
    }
}
