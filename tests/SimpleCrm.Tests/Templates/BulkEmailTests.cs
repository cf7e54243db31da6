using System.Net;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Templates;

/// <summary>Bulk email: recipients from a list filter, consent and suppressions checked set-based, each in their language, delivered to a real SMTP server once.</summary>
public sealed class BulkEmailTests(EmailFixture email) : IClassFixture<EmailFixture>, IAsyncLifetime
{
    private TestUser admin = null!;
    private HttpClient Http => admin.Http;
    private CrmApiClient Crm => new(admin.Http);

    public async Task InitializeAsync() => admin = await email.Node.UserAsync($"bulk-{Guid.NewGuid():N}"[..20], "admin");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_marketing_bulk_send_mails_each_consenting_customer_once_in_their_language_and_reports_the_skipped()
    {
        var tag = $"b{Guid.NewGuid():N}"[..12];
        var german = await BulkEmailScenario.CustomerAsync(Crm, Http, $"de-{tag}@example.com", "de", tag, consent: true);
        await BulkEmailScenario.CustomerAsync(Crm, Http, $"en-{tag}@example.com", "en", tag, consent: true);
        await BulkEmailScenario.CustomerAsync(Crm, Http, $"fr-{tag}@example.com", "fr", tag, consent: false);
        var suppressed = await BulkEmailScenario.CustomerAsync(Crm, Http, $"bounced-{tag}@example.com", "en", tag, consent: true);
        await BulkEmailScenario.CustomerAsync(Crm, Http, $"other-{tag}@example.com", "en", "othertag", consent: true);
        await using (var session = await email.Database.Database.BeginAsync(admin.Workspace))
        {
            await session.ExecuteAsync("insert into email_suppressions (workspace_id, address, reason) values (@workspace, @address, 'bounce')",
                new { workspace = admin.Workspace.Value, address = $"bounced-{tag}@example.com" });
            await session.CommitAsync();
        }

        var template = await BulkEmailScenario.TemplateAsync(Http);
        var response = await Http.PostJsonAsync("/api/v1/emails/bulk", new { template_id = template, purpose = "marketing", filter = $"tag={tag}" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await response.JsonAsync();
        Assert.Equal(4, job.GetProperty("matched").GetInt32());
        Assert.Equal(2, job.GetProperty("recipients").GetInt32());

        var done = await BulkEmailScenario.WaitAsync(Http, job.GetProperty("id").GetGuid(), j => j.GetProperty("sent").GetInt32() == 2);
        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.Equal(0, done.GetProperty("pending").GetInt32());
        Assert.Equal(2, done.GetProperty("queued").GetInt32());
        Assert.Equal(2, done.GetProperty("skipped_total").GetInt32());
        var reasons = done.GetProperty("skipped").EnumerateArray().ToDictionary(s => s.GetProperty("reason").GetString()!, s => s.GetProperty("count").GetInt32());
        Assert.Equal(1, reasons["no_consent"]);
        Assert.Equal(1, reasons["suppressed"]);

        var germanMail = await email.Sink.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == $"de-{tag}@example.com"));
        Assert.Equal("Angebot für Jonas", germanMail.Subject);
        Assert.NotNull(germanMail.Headers["List-Unsubscribe"]);
        var englishMail = await email.Sink.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == $"en-{tag}@example.com"));
        Assert.Equal("Offer for Jonas", englishMail.Subject);
        await Task.Delay(500);
        var received = email.Sink.Received.SelectMany(m => m.To.Mailboxes).Select(a => a.Address).Where(a => a.EndsWith($"-{tag}@example.com", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, received.Count);

        // Each sent mail is on its customer's timeline, like a single send.
        var activities = (await Crm.GetAsync($"/api/v1/customers/{german}/activities")).GetProperty("items");
        Assert.Contains(activities.EnumerateArray(), a => a.GetProperty("type").GetString() == "email");
        Assert.Equal(0, (await Crm.GetAsync($"/api/v1/customers/{suppressed}/emails")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Bad_requests_name_their_fields_and_an_unknown_job_is_not_found()
    {
        var invalid = await Http.PostJsonAsync("/api/v1/emails/bulk", new { purpose = "spam", filter = "tag=x", segment_id = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("purpose", out _));
        Assert.True(errors.TryGetProperty("template_id", out _));
        Assert.True(errors.TryGetProperty("filter", out _));

        var badFilter = await Http.PostJsonAsync("/api/v1/emails/bulk", new { template_id = await BulkEmailScenario.TemplateAsync(Http), purpose = "service", filter = "colour=blue" });
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        Assert.True((await badFilter.JsonAsync()).GetProperty("errors").TryGetProperty("filter", out _));

        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/v1/emails/bulk/{Guid.NewGuid()}")).StatusCode);
    }
}

/// <summary>A bulk send interrupted by stopping its API node mid-way and finished by a new node on the same database: every recipient is mailed exactly once.</summary>
public sealed class BulkEmailRestartTests : IAsyncLifetime
{
    private const int Customers = 60;
    private readonly TestDatabase database = new();
    private readonly SmtpSink sink = new();

    private Dictionary<string, string?> Settings => new()
    {
        ["Crm:Mail:Smtp:Host"] = "127.0.0.1",
        ["Crm:Mail:Smtp:Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Crm:Mail:Smtp:UseTls"] = "false",
        ["Crm:Mail:PollInterval"] = "00:00:00.100",
        // One recipient per batch and a slow provider: the stop lands while the job is queueing or sending.
        ["Crm:Mail:BulkBatchSize"] = "1",
        ["Crm:Mail:Smtp:MaxPerSecond"] = "15",
    };

    public Task InitializeAsync() => database.InitializeAsync();

    public async Task DisposeAsync()
    {
        await sink.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task A_bulk_send_stopped_mid_way_resumes_on_restart_and_mails_every_recipient_exactly_once()
    {
        var tag = $"r{Guid.NewGuid():N}"[..12];
        Guid jobId;
        TestUser admin;
        var first = await ApiNode.StartAsync(database.ConnectionString, extra: Settings);
        try
        {
            admin = await first.UserAsync($"restart-{tag}", "admin");
            var crm = new CrmApiClient(admin.Http);
            await Parallel.ForEachAsync(Enumerable.Range(0, Customers), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
                await BulkEmailScenario.CustomerAsync(crm, admin.Http, $"c{i}-{tag}@example.com", i % 2 == 0 ? "de" : "en", tag, consent: false));
            var response = await admin.Http.PostJsonAsync("/api/v1/emails/bulk",
                new { template_id = await BulkEmailScenario.TemplateAsync(admin.Http), purpose = "service", filter = $"tag={tag}" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            jobId = (await response.JsonAsync()).GetProperty("id").GetGuid();
            await BulkEmailScenario.WaitAsync(admin.Http, jobId, j => j.GetProperty("sent").GetInt32() > 0);
            await first.StopAsync();
        }
        finally
        {
            await first.DisposeAsync();
        }

        var stoppedAt = await database.ScalarAsync<int>(new SimpleCrm.Data.Workspaces.Workspace(admin.Workspace.Value, "", ""),
            "select count(*)::int from email_messages where bulk_job_id = @jobId and status = 'sent'", new { jobId });
        Assert.InRange(stoppedAt, 1, Customers - 1);

        await using var second = await ApiNode.StartAsync(database.ConnectionString, extra: Settings);
        var http = await second.SignInAsync(admin.Email, ApiNode.UserPassword);
        var done = await BulkEmailScenario.WaitAsync(http, jobId, j => j.GetProperty("sent").GetInt32() == Customers, TimeSpan.FromSeconds(60));
        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.Equal(Customers, done.GetProperty("queued").GetInt32());
        await Task.Delay(1000);

        var perAddress = sink.Received.SelectMany(m => m.To.Mailboxes).Select(a => a.Address).Where(a => a.EndsWith($"-{tag}@example.com", StringComparison.Ordinal))
            .GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Customers, perAddress.Count);
        Assert.All(perAddress, p => Assert.Equal(1, p.Value));
    }
}

internal static class BulkEmailScenario
{
    public static async Task<Guid> CustomerAsync(CrmApiClient crm, HttpClient http, string address, string language, string tag, bool consent)
    {
        var id = (await crm.CreateCustomerAsync(new
        {
            first_name = "Jonas", last_name = "Kunde", email = address, country_code = "DE", language, timezone = "Europe/Berlin", currency = "EUR", tags = new[] { tag },
        })).GetProperty("id").GetGuid();
        if (consent)
        {
            Assert.Equal(HttpStatusCode.Created, (await http.PostJsonAsync($"/api/v1/customers/{id}/consents",
                new { purpose = "marketing_email", granted = true, source = "checkout", text_version = "1" })).StatusCode);
        }

        return id;
    }

    public static async Task<Guid> TemplateAsync(HttpClient http)
    {
        var response = await http.PostJsonAsync("/api/v1/templates", new
        {
            name = $"Offer {Guid.NewGuid():N}", kind = "email", default_language = "en",
            variants = new[]
            {
                new { language = "en", subject = "Offer for {{ customer.first_name }}", body_html = "<p>Hello {{ customer.first_name }}</p>", body_text = "Hello {{ customer.first_name }}" },
                new { language = "de", subject = "Angebot für {{ customer.first_name }}", body_html = "<p>Hallo {{ customer.first_name }}</p>", body_text = "Hallo {{ customer.first_name }}" },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> WaitAsync(HttpClient http, Guid job, Func<JsonElement, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var response = await http.GetAsync($"/api/v1/emails/bulk/{job}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.JsonAsync();
            if (until(body))
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The bulk send did not get there: {body}");
            await Task.Delay(100);
        }
    }
}
