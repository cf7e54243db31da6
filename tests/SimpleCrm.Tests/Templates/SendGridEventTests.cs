using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Templates;

/// <summary>
/// SendGrid's Event Webhook: signed events (SendGrid's sample payloads, copied unchanged into Fixtures, with the custom
/// arguments our sends carry added) mark the email activity, and a hard bounce withdraws consent and stops mail to the address.
/// </summary>
public sealed class SendGridEventTests(EmailFixture email) : IClassFixture<EmailFixture>, IAsyncLifetime
{
    private TestUser admin = null!;
    private HttpClient Http => admin.Http;
    private CrmApiClient Crm => new(admin.Http);

    public async Task InitializeAsync() => admin = await email.Node.UserAsync($"sg-{Guid.NewGuid():N}"[..20], "admin");

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(Guid Customer, Guid Message, string Address)> SendAsync(string purpose = "marketing")
    {
        var address = $"sg-{Guid.NewGuid():N}@example.com";
        var customer = (await Crm.CreateCustomerAsync(new { first_name = "Sam", last_name = "Grid", email = address, country_code = "DE", language = "en", timezone = "Europe/Berlin", currency = "EUR" }))
            .GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await Http.PostJsonAsync($"/api/v1/customers/{customer}/consents",
            new { purpose = "marketing_email", granted = true, source = "checkout", text_version = "1" })).StatusCode);
        var response = await Http.PostJsonAsync($"/api/v1/customers/{customer}/emails", new { subject = "Offer", body_text = "Hello", purpose });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = (await response.JsonAsync()).GetProperty("id").GetGuid();
        var mail = await email.Sink.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == address));
        // The custom arguments SendGrid's relay returns with every event.
        var args = JsonNode.Parse(mail.Headers["X-SMTPAPI"]!)!["unique_args"]!;
        Assert.Equal(admin.Workspace.Value.ToString("N"), args["crm_workspace_id"]!.GetValue<string>());
        Assert.Equal(message.ToString("N"), args["crm_message_id"]!.GetValue<string>());
        await EventuallyAsync(async () => (await Http.GetAsync($"/api/v1/activities/{message}")).StatusCode == HttpStatusCode.OK);
        return (customer, message, address);
    }

    /// <summary>A corpus payload as SendGrid sends it for our message: its events carry our custom arguments and the recipient.</summary>
    private byte[] Payload(string fixture, Guid message, string address)
    {
        var events = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Templates", "Fixtures", fixture)))!.AsArray();
        foreach (var e in events)
        {
            e!["email"] = address;
            e["crm_workspace_id"] = admin.Workspace.Value.ToString("N");
            e["crm_message_id"] = message.ToString("N");
        }

        return Encoding.UTF8.GetBytes(events.ToJsonString());
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] body, bool signed = true)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = EmailFixture.EventSigningKey.SignData([.. Encoding.UTF8.GetBytes(timestamp), .. body], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/sendgrid/events") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Timestamp", signed ? timestamp : "1");
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Signature", Convert.ToBase64String(signature));
        return await email.Node.Anonymous.SendAsync(request);
    }

    private async Task<bool> MarketingConsentAsync(Guid customer) =>
        (await Crm.GetAsync($"/api/v1/customers/{customer}/consents")).GetProperty("current").GetProperty("marketing_email").GetBoolean();

    [Fact]
    public async Task A_signed_open_event_marks_the_email_opened_at_its_time_and_a_badly_signed_one_changes_nothing()
    {
        var (_, message, address) = await SendAsync();
        var body = Payload("sendgrid-event-open.json", message, address);

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body, signed: false)).StatusCode);
        var before = (await Crm.GetAsync($"/api/v1/activities/{message}")).GetProperty("email_metadata");
        Assert.False(before.TryGetProperty("opened", out var notOpened) && notOpened.ValueKind == JsonValueKind.True);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(body)).StatusCode);
        var metadata = (await Crm.GetAsync($"/api/v1/activities/{message}")).GetProperty("email_metadata");
        Assert.True(metadata.GetProperty("opened").GetBoolean());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1513299569), metadata.GetProperty("opened_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_hard_bounce_withdraws_marketing_consent_and_the_address_is_not_mailed_again_while_a_soft_bounce_changes_nothing()
    {
        var (customer, message, address) = await SendAsync();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Payload("sendgrid-event-blocked.json", message, address))).StatusCode);
        Assert.True(await MarketingConsentAsync(customer));

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Payload("sendgrid-event-bounce.json", message, address), signed: false)).StatusCode);
        Assert.True(await MarketingConsentAsync(customer));

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Payload("sendgrid-event-bounce.json", message, address))).StatusCode);
        Assert.False(await MarketingConsentAsync(customer));
        var refused = await Http.PostJsonAsync($"/api/v1/customers/{customer}/emails", new { subject = "Your order", body_text = "Shipped", purpose = "transactional" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.JsonAsync();
        Assert.Contains(address, problem.GetProperty("errors").GetProperty("email")[0].GetString());
        Assert.Single((await Crm.GetAsync($"/api/v1/customers/{customer}/emails")).GetProperty("items").EnumerateArray());
    }

    private static Task EventuallyAsync(Func<Task<bool>> condition) => Eventually.TrueAsync(condition, "the mail is processed");
}
