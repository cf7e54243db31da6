using System.Net;
using System.Text.Json;
using MimeKit;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Templates;

/// <summary>Customer email end to end: rendered in the customer's language, queued, delivered to a real SMTP server, recorded on the timeline.</summary>
public sealed class EmailSendingTests(EmailFixture email) : IClassFixture<EmailFixture>, IAsyncLifetime
{
    private TestUser admin = null!;
    private HttpClient Http => admin.Http;
    private CrmApiClient Crm => new(admin.Http);

    public async Task InitializeAsync() => admin = await email.Node.UserAsync($"mail-{Guid.NewGuid():N}"[..20], "admin");

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Guid> CustomerAsync(string address, string language, string first = "Jonas", bool marketingConsent = false)
    {
        var id = (await Crm.CreateCustomerAsync(new { first_name = first, last_name = "Kunde", email = address, country_code = "DE", language, timezone = "Europe/Berlin", currency = "EUR" }))
            .GetProperty("id").GetGuid();
        if (marketingConsent)
        {
            Assert.Equal(HttpStatusCode.Created, (await Http.PostJsonAsync($"/api/v1/customers/{id}/consents",
                new { purpose = "marketing_email", granted = true, source = "checkout", text_version = "1" })).StatusCode);
        }

        return id;
    }

    private async Task<Guid> NewsletterAsync() =>
        (await (await Http.PostJsonAsync("/api/v1/templates", new
        {
            name = "Newsletter", kind = "email", default_language = "en",
            variants = new[]
            {
                new { language = "en", subject = "News for {{ customer.first_name }}", body_html = "<p>Hello {{ customer.first_name }}</p>", body_text = "Hello {{ customer.first_name }}" },
                new { language = "de", subject = "Neues für {{ customer.first_name }}", body_html = "<p>Hallo {{ customer.first_name }}</p>", body_text = "Hallo {{ customer.first_name }}" },
            },
        })).JsonAsync()).GetProperty("id").GetGuid();

    private async Task<JsonElement> SendAsync(Guid customer, object body)
    {
        var response = await Http.PostJsonAsync($"/api/v1/customers/{customer}/emails", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task Marketing_mail_arrives_in_the_customer_language_with_both_parts_and_one_click_unsubscribe_headers()
    {
        var address = $"jonas-{Guid.NewGuid():N}@example.com";
        var customer = await CustomerAsync(address, "de", marketingConsent: true);
        var sent = await SendAsync(customer, new { template_id = await NewsletterAsync(), purpose = "marketing" });
        Assert.Equal("de", sent.GetProperty("language").GetString());

        var message = await email.Sink.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == address));
        Assert.Equal("Neues für Jonas", message.Subject);
        // The HTML part ends with the open-tracking pixel.
        Assert.StartsWith("<p>Hallo Jonas</p><img src=", message.HtmlBody!.Trim(), StringComparison.Ordinal);
        Assert.Equal("Hallo Jonas", message.TextBody!.Trim());
        Assert.Equal(sent.GetProperty("message_id").GetString(), message.MessageId);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        var unsubscribe = message.Headers["List-Unsubscribe"]!.Trim('<', '>');
        Assert.Contains("/api/v1/email/unsubscribe?token=", unsubscribe);

        // The sent mail is an outbound email activity with its metadata.
        JsonElement activity = default;
        await EventuallyAsync(async () =>
        {
            var items = (await Crm.GetAsync($"/api/v1/customers/{customer}/activities")).GetProperty("items");
            activity = items.EnumerateArray().FirstOrDefault(a => a.GetProperty("type").GetString() == "email");
            return activity.ValueKind == JsonValueKind.Object;
        });
        Assert.Equal("Neues für Jonas", activity.GetProperty("subject").GetString());
        Assert.Equal(message.MessageId, activity.GetProperty("email_metadata").GetProperty("message_id").GetString());
        Assert.Equal("de", activity.GetProperty("email_metadata").GetProperty("language").GetString());

        // One click (RFC 8058: a POST to the link) withdraws the consent; a tampered link is refused.
        var tampered = await email.Node.Anonymous.PostAsync(unsubscribe[..^4] + "AAAA", new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        var clicked = await email.Node.Anonymous.PostAsync(unsubscribe, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, clicked.StatusCode);
        var consents = await Crm.GetAsync($"/api/v1/customers/{customer}/consents");
        Assert.False(consents.GetProperty("current").GetProperty("marketing_email").GetBoolean());

        var again = await Http.PostJsonAsync($"/api/v1/customers/{customer}/emails", new { template_id = await NewsletterAsync2(), purpose = "marketing" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    private async Task<Guid> NewsletterAsync2() =>
        (await Crm.GetAsync("/api/v1/templates")).GetProperty("items")[0].GetProperty("id").GetGuid();

    [Fact]
    public async Task Marketing_mail_without_consent_is_refused_and_nothing_is_queued()
    {
        var customer = await CustomerAsync($"noconsent-{Guid.NewGuid():N}@example.com", "en");
        var response = await Http.PostJsonAsync($"/api/v1/customers/{customer}/emails", new { subject = "Sale!", body_text = "Everything must go", purpose = "marketing" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("purpose", out _));
        Assert.Equal(0, (await Crm.GetAsync($"/api/v1/customers/{customer}/emails")).GetProperty("items").GetArrayLength());

        var invalid = await Http.PostJsonAsync($"/api/v1/customers/{customer}/emails", new { purpose = "spam" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("purpose", out _));
        Assert.True(errors.TryGetProperty("subject", out _));
    }

    [Fact]
    public async Task Transactional_mail_is_marked_and_a_provider_failure_is_retried_not_lost_nor_doubled()
    {
        var address = $"retry-{Guid.NewGuid():N}@example.com";
        var customer = await CustomerAsync(address, "en", "<b>Bold</b>");
        email.Sink.RefuseNext(1);
        var sent = await SendAsync(customer, new { subject = "Your order", body_text = "Shipped\ntoday", purpose = "transactional" });

        var message = await email.Sink.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == address));
        Assert.Equal("transactional", message.Headers["X-Crm-Purpose"]);
        Assert.Null(message.Headers["List-Unsubscribe"]);
        Assert.StartsWith("Shipped<br>\ntoday<img src=", message.HtmlBody!.Trim(), StringComparison.Ordinal);
        Assert.True(email.Sink.Refused >= 1);

        JsonElement row = default;
        await EventuallyAsync(async () =>
        {
            row = (await Crm.GetAsync($"/api/v1/customers/{customer}/emails")).GetProperty("items")[0];
            return row.GetProperty("status").GetString() == "sent";
        });
        Assert.Equal(2, row.GetProperty("attempts").GetInt32());
        Assert.Equal(sent.GetProperty("id").GetGuid(), row.GetProperty("id").GetGuid());
        await Task.Delay(500);
        Assert.Single(email.Sink.Received, m => m.To.Mailboxes.Any(a => a.Address == address));
    }

    private static Task EventuallyAsync(Func<Task<bool>> condition) => Eventually.TrueAsync(condition, "the mail is processed");
}
