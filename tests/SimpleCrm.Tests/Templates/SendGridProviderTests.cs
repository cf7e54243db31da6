using System.Net;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Templates;

/// <summary>SendGrid as the configured provider: customer mail and account mail reach its v3 mail/send API (a fake on real Kestrel) as SendGrid expects them.</summary>
public sealed class SendGridProviderTests(SendGridFixture fixture) : IClassFixture<SendGridFixture>, IAsyncLifetime
{
    private TestUser admin = null!;
    private HttpClient Http => admin.Http;
    private CrmApiClient Crm => new(admin.Http);
    private FakeSendGrid SendGrid => fixture.SendGrid;

    public async Task InitializeAsync() => admin = await fixture.Node.UserAsync($"sg-{Guid.NewGuid():N}"[..20], "admin");

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Guid> CustomerAsync(string address, string language, bool marketingConsent)
    {
        var id = (await Crm.CreateCustomerAsync(new { first_name = "Lena", last_name = "Kunde", email = address, country_code = "DE", language, timezone = "Europe/Berlin", currency = "EUR" }))
            .GetProperty("id").GetGuid();
        if (marketingConsent)
        {
            Assert.Equal(HttpStatusCode.Created, (await Http.PostJsonAsync($"/api/v1/customers/{id}/consents",
                new { purpose = "marketing_email", granted = true, source = "checkout", text_version = "1" })).StatusCode);
        }

        return id;
    }

    private async Task<JsonElement> SendAsync(Guid customer, object body)
    {
        var response = await Http.PostJsonAsync($"/api/v1/customers/{customer}/emails", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.JsonAsync();
    }

    private async Task<JsonElement> EmailRowAsync(Guid customer, Func<JsonElement, bool> done)
    {
        JsonElement row = default;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            row = (await Crm.GetAsync($"/api/v1/customers/{customer}/emails")).GetProperty("items")[0];
            if (done(row))
            {
                return row;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The email did not get there: {row}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Marketing_mail_goes_to_mail_send_with_both_parts_unsubscribe_headers_and_our_message_id_in_custom_args()
    {
        var address = $"lena-{Guid.NewGuid():N}@example.com";
        var customer = await CustomerAsync(address, "de", marketingConsent: true);
        var sent = await SendAsync(customer, new { subject = "Herbst-Angebote", body_text = "Alles neu", purpose = "marketing" });

        var request = await SendGrid.WaitForAsync(r => r.To == address);
        Assert.Equal($"Bearer {FakeSendGrid.ApiKey}", request.Authorization);
        var body = request.Body;
        Assert.Equal("no-reply@simplecrm.local", body.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("Herbst-Angebote", body.GetProperty("subject").GetString());
        var content = body.GetProperty("content");
        Assert.Equal("text/plain", content[0].GetProperty("type").GetString());
        Assert.Equal("Alles neu", content[0].GetProperty("value").GetString());
        Assert.Equal("text/html", content[1].GetProperty("type").GetString());
        Assert.StartsWith("Alles neu<img src=", content[1].GetProperty("value").GetString(), StringComparison.Ordinal);

        var headers = body.GetProperty("headers");
        Assert.Contains("/api/v1/email/unsubscribe?token=", headers.GetProperty("List-Unsubscribe").GetString());
        Assert.Equal("List-Unsubscribe=One-Click", headers.GetProperty("List-Unsubscribe-Post").GetString());
        Assert.False(headers.TryGetProperty("X-SMTPAPI", out _));
        var args = body.GetProperty("custom_args");
        Assert.Equal(sent.GetProperty("id").GetGuid().ToString("N"), args.GetProperty("crm_message_id").GetString());
        Assert.Equal(admin.Workspace.Value.ToString("N"), args.GetProperty("crm_workspace_id").GetString());

        var row = await EmailRowAsync(customer, r => r.GetProperty("status").GetString() == "sent");
        Assert.Equal(1, row.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task An_outage_429_then_503_is_retried_with_backoff_and_the_mail_is_accepted_once()
    {
        var address = $"outage-{Guid.NewGuid():N}@example.com";
        var customer = await CustomerAsync(address, "en", marketingConsent: false);
        SendGrid.FailNext(429, 503);
        await SendAsync(customer, new { subject = "Your order", body_text = "Shipped", purpose = "transactional" });

        var row = await EmailRowAsync(customer, r => r.GetProperty("status").GetString() != "queued");
        Assert.Equal("sent", row.GetProperty("status").GetString());
        Assert.Equal(3, row.GetProperty("attempts").GetInt32());
        await Task.Delay(500);
        var accepted = Assert.Single(SendGrid.Accepted, r => r.To == address);
        Assert.Equal("transactional", accepted.Body.GetProperty("headers").GetProperty("X-Crm-Purpose").GetString());
    }

    [Fact]
    public async Task A_final_refusal_fails_the_mail_at_once_with_sendgrids_reason()
    {
        var address = $"refuse-{Guid.NewGuid():N}@example.com";
        var customer = await CustomerAsync(address, "en", marketingConsent: false);
        var before = SendGrid.Attempts;
        await SendAsync(customer, new { subject = "Hello", body_text = "Hi", purpose = "transactional" });

        var row = await EmailRowAsync(customer, r => r.GetProperty("status").GetString() != "queued");
        Assert.Equal("failed", row.GetProperty("status").GetString());
        Assert.Equal(1, row.GetProperty("attempts").GetInt32());
        Assert.Contains("400", row.GetProperty("last_error").GetString());
        Assert.Contains("The to address is not allowed.", row.GetProperty("last_error").GetString());
        Assert.DoesNotContain(FakeSendGrid.ApiKey, row.GetProperty("last_error").GetString());
        await Task.Delay(500);
        Assert.Equal(before + 1, SendGrid.Attempts);
    }

    [Fact]
    public async Task An_invitation_is_sent_through_sendgrid_with_its_link()
    {
        var invited = $"invited-{Guid.NewGuid():N}@example.com";
        var response = await Http.PostJsonAsync("/api/v1/users", new { email = invited, role = "agent", first_name = "Ina", last_name = "Vite" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var request = await SendGrid.WaitForAsync(r => r.To == invited);
        var text = request.Body.GetProperty("content")[0];
        Assert.Equal("text/plain", text.GetProperty("type").GetString());
        Assert.Contains("/accept-invitation?token=", text.GetProperty("value").GetString());
        Assert.Equal("account", request.Body.GetProperty("headers").GetProperty("X-Crm-Purpose").GetString());
        await Task.Delay(500);
        Assert.Single(SendGrid.Accepted, r => r.To == invited);
    }
}
