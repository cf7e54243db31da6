using System.Net;
using System.Text.Json;
using MimeKit;
using SimpleCrm.Tests.Infrastructure;
using SimpleCrm.Tests.Webhooks;

namespace SimpleCrm.Tests.Templates;

/// <summary>An API node in local mode: no SMTP host, messages written to its own pickup folder.</summary>
public sealed class LocalMailFixture : ApiFixture
{
    public LocalMailFixture()
        : this(Path.Combine(Path.GetTempPath(), $"crm-pickup-{Guid.NewGuid():N}"))
    {
    }

    private LocalMailFixture(string pickup)
        : base(new Dictionary<string, string?>
        {
            ["Crm:Mail:PickupDirectory"] = pickup,
            ["Crm:Mail:PollInterval"] = "00:00:00.100",
            ["Crm:Mail:MaxPerSecond"] = "1000",
        })
    {
        Pickup = pickup;
    }

    public string Pickup { get; }
}

/// <summary>The local mailbox: in local mode admins and managers read the workspace's sent mail as it was written to the pickup folder.</summary>
public sealed class LocalMailboxTests(LocalMailFixture local) : IClassFixture<LocalMailFixture>
{
    private async Task<(TestUser Admin, Guid Customer, string Address)> GermanCustomerAsync(string slug)
    {
        var admin = await local.Node.UserAsync(slug, "admin");
        var address = $"jonas-{Guid.NewGuid():N}@example.com";
        var customer = (await new CrmApiClient(admin.Http).CreateCustomerAsync(new
        {
            first_name = "Jonas", last_name = "Kunde", email = address, country_code = "DE", language = "de", timezone = "Europe/Berlin", currency = "EUR",
        })).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await admin.Http.PostJsonAsync($"/api/v1/customers/{customer}/consents",
            new { purpose = "marketing_email", granted = true, source = "checkout", text_version = "1" })).StatusCode);
        return (admin, customer, address);
    }

    private static async Task<Guid> SendNewsletterAsync(HttpClient http, Guid customer)
    {
        var template = (await (await http.PostJsonAsync("/api/v1/templates", new
        {
            name = $"Newsletter {Guid.NewGuid():N}", kind = "email", default_language = "en",
            variants = new[]
            {
                new { language = "en", subject = "News for {{ customer.first_name }}", body_html = "<p>Hello {{ customer.first_name }}</p>", body_text = "Hello {{ customer.first_name }}" },
                new { language = "de", subject = "Neues für {{ customer.first_name }}", body_html = "<p>Hallo {{ customer.first_name }}</p>", body_text = "Hallo {{ customer.first_name }}" },
            },
        })).JsonAsync()).GetProperty("id").GetGuid();
        var sent = await http.PostJsonAsync($"/api/v1/customers/{customer}/emails", new { template_id = template, purpose = "marketing" });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        return (await sent.JsonAsync()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> WaitInMailboxAsync(HttpClient http, Guid id)
    {
        JsonElement entry = default;
        await WebhookReceiver.EventuallyAsync(async () =>
        {
            var items = (await (await http.GetAsync("/api/v1/mailbox")).JsonAsync()).GetProperty("items");
            entry = items.EnumerateArray().FirstOrDefault(m => m.GetProperty("id").GetGuid() == id);
            return entry.ValueKind == JsonValueKind.Object;
        }, "the sent message in the mailbox");
        return entry;
    }

    [Fact]
    public async Task Sent_marketing_mail_is_listed_and_read_back_from_the_pickup_file_in_the_customer_language()
    {
        var (admin, customer, address) = await GermanCustomerAsync($"mbox-{Guid.NewGuid():N}"[..20]);
        var id = await SendNewsletterAsync(admin.Http, customer);

        var entry = await WaitInMailboxAsync(admin.Http, id);
        Assert.Equal(address, entry.GetProperty("to").GetString());
        Assert.Equal("Neues für Jonas", entry.GetProperty("subject").GetString());
        Assert.Equal("de", entry.GetProperty("language").GetString());
        Assert.Equal("marketing", entry.GetProperty("purpose").GetString());
        Assert.Equal(customer, entry.GetProperty("customer_id").GetGuid());
        Assert.NotEqual(JsonValueKind.Null, entry.GetProperty("sent_at").ValueKind);

        var response = await admin.Http.GetAsync($"/api/v1/mailbox/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = await response.JsonAsync();
        Assert.Equal("Neues für Jonas", message.GetProperty("subject").GetString());
        // The HTML part as sent: the template's text, then the open-tracking pixel.
        Assert.StartsWith("<p>Hallo Jonas</p>", message.GetProperty("body_html").GetString()!.Trim());
        Assert.Contains("/t/o/", message.GetProperty("body_html").GetString()!);
        Assert.Equal("Hallo Jonas", message.GetProperty("body_text").GetString()!.Trim());
        var headers = message.GetProperty("headers").EnumerateArray()
            .ToDictionary(h => h.GetProperty("name").GetString()!, h => h.GetProperty("value").GetString()!, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("/api/v1/email/unsubscribe?token=", headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", headers["List-Unsubscribe-Post"]);

        // What is shown is the file the pickup transport wrote, not a fresh rendering.
        var file = Directory.GetFiles(local.Pickup, "*.eml").Single(f => MimeMessage.Load(f).MessageId == message.GetProperty("message_id").GetString());
        Assert.Equal(MimeMessage.Load(file).Headers["List-Unsubscribe"], headers["List-Unsubscribe"]);
    }

    [Fact]
    public async Task Newest_comes_first_and_the_cursor_pages_on_without_repeats()
    {
        var (admin, customer, _) = await GermanCustomerAsync($"mpag-{Guid.NewGuid():N}"[..20]);
        var first = await SendNewsletterAsync(admin.Http, customer);
        await WaitInMailboxAsync(admin.Http, first);
        var second = await SendNewsletterAsync(admin.Http, customer);
        await WaitInMailboxAsync(admin.Http, second);

        var page1 = await (await admin.Http.GetAsync("/api/v1/mailbox?limit=1")).JsonAsync();
        Assert.Equal(second, page1.GetProperty("items")[0].GetProperty("id").GetGuid());
        var cursor = page1.GetProperty("next_cursor").GetString();
        var page2 = await (await admin.Http.GetAsync($"/api/v1/mailbox?limit=1&cursor={cursor}")).JsonAsync();
        Assert.Equal(first, page2.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("next_cursor").ValueKind);
    }

    [Fact]
    public async Task Bad_paging_names_the_parameter_and_an_unknown_message_is_404()
    {
        var admin = await local.Node.UserAsync($"mbad-{Guid.NewGuid():N}"[..20], "admin");
        var badCursor = await admin.Http.GetAsync("/api/v1/mailbox?cursor=nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        Assert.True((await badCursor.JsonAsync()).GetProperty("errors").TryGetProperty("cursor", out _));
        var badLimit = await admin.Http.GetAsync("/api/v1/mailbox?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.True((await badLimit.JsonAsync()).GetProperty("errors").TryGetProperty("limit", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync($"/api/v1/mailbox/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Managers_read_the_mailbox_agents_do_not_and_other_workspaces_mail_stays_hidden()
    {
        var slug = $"mrol-{Guid.NewGuid():N}"[..20];
        var (admin, customer, _) = await GermanCustomerAsync(slug);
        var id = await SendNewsletterAsync(admin.Http, customer);
        await WaitInMailboxAsync(admin.Http, id);

        var manager = await local.Node.UserAsync(slug, "manager");
        Assert.Equal(HttpStatusCode.OK, (await manager.Http.GetAsync($"/api/v1/mailbox/{id}")).StatusCode);
        var agent = await local.Node.UserAsync(slug, "agent");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync("/api/v1/mailbox")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync($"/api/v1/mailbox/{id}")).StatusCode);

        var stranger = await local.Node.UserAsync($"mstr-{Guid.NewGuid():N}"[..20], "admin");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/api/v1/mailbox/{id}")).StatusCode);
        Assert.DoesNotContain((await (await stranger.Http.GetAsync("/api/v1/mailbox")).JsonAsync()).GetProperty("items").EnumerateArray(),
            m => m.GetProperty("id").GetGuid() == id);
    }
}

/// <summary>With an SMTP provider configured the mail has left the CRM: the local mailbox does not exist.</summary>
public sealed class LocalMailboxWithProviderTests(EmailFixture email) : IClassFixture<EmailFixture>
{
    [Fact]
    public async Task Mailbox_is_not_found_when_a_provider_is_configured()
    {
        var admin = await email.Node.UserAsync($"mprv-{Guid.NewGuid():N}"[..20], "admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync("/api/v1/mailbox")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync($"/api/v1/mailbox/{Guid.NewGuid()}")).StatusCode);
    }
}
