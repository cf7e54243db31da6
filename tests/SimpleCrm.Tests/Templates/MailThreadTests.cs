using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SimpleCrm.Api.Email.Threads;
using SimpleCrm.Data.Email;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Templates;

/// <summary>A node with a real SMTP sink and an IMAP poll interval long enough that the test decides when the mailbox is read.</summary>
public sealed class MailThreadFixture : ApiFixture
{
    public MailThreadFixture()
        : this(new SmtpSink())
    {
    }

    private MailThreadFixture(SmtpSink sink)
        : base(new Dictionary<string, string?>
        {
            ["Crm:Mail:Smtp:Host"] = "127.0.0.1",
            ["Crm:Mail:Smtp:Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Crm:Mail:Smtp:UseTls"] = "false",
            ["Crm:Mail:PollInterval"] = "00:00:00.100",
            ["Crm:Mail:MaxPerSecond"] = "1000",
            ["Crm:MailSync:PollInterval"] = "01:00:00",
            ["Crm:MailSync:Tick"] = "00:00:00.200",
        })
    {
        Sink = sink;
    }

    public SmtpSink Sink { get; }
}

/// <summary>
/// Replies thread into the conversation: through SendGrid Inbound Parse (real multipart posts to the running node) and through the
/// IMAP poller's import step fed MimeKit messages (no IMAP server package is available to run one inside the test; the poller's
/// connection to a mailbox that refuses is checked through the health it reports).
/// </summary>
public sealed class MailThreadTests(MailThreadFixture mail) : IClassFixture<MailThreadFixture>, IAsyncLifetime
{
    private TestUser admin = null!;
    private HttpClient Http => admin.Http;
    private CrmApiClient Crm => new(admin.Http);

    public async Task InitializeAsync() => admin = await mail.Node.UserAsync($"thr-{Guid.NewGuid():N}"[..20], "admin");

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A customer and an email sent to them, as delivered: its Message-ID.</summary>
    private async Task<(Guid Customer, string Address, string MessageId)> SentAsync(string subject = "Your order")
    {
        var address = $"thr-{Guid.NewGuid():N}@example.com";
        var customer = (await Crm.CreateCustomerAsync(new { first_name = "Tilde", last_name = "Thread", email = address, country_code = "DE", language = "de", timezone = "Europe/Berlin", currency = "EUR" }))
            .GetProperty("id").GetGuid();
        var response = await Http.PostJsonAsync($"/api/v1/customers/{customer}/emails", new { subject, body_text = "It has shipped.", purpose = "transactional" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var sent = await mail.Sink.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == address));
        var id = (await response.JsonAsync()).GetProperty("id").GetGuid();
        await EventuallyAsync(async () => (await Http.GetAsync($"/api/v1/activities/{id}")).StatusCode == HttpStatusCode.OK);
        return (customer, address, sent.MessageId!);
    }

    private async Task<string> InboundPathAsync()
    {
        var response = await Http.PostAsync("/api/v1/mail-sync/inbound-address", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new Uri((await response.JsonAsync()).GetProperty("url").GetString()!).AbsolutePath;
    }

    /// <summary>A post as SendGrid Inbound Parse makes it: the raw header block and the parts as form fields.</summary>
    private async Task<HttpResponseMessage> PostInboundAsync(string path, string headers, string from, string subject, string text)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(headers), "headers" },
            { new StringContent(from), "from" },
            { new StringContent("support@shop.example"), "to" },
            { new StringContent(subject), "subject" },
            { new StringContent(text), "text" },
            { new StringContent($"<p>{text}</p>"), "html" },
            { new StringContent($$"""{"to":["support@shop.example"],"from":"{{from}}"}"""), "envelope" },
        };
        return await mail.Node.Anonymous.PostAsync(path, form);
    }

    private static string Headers(string messageId, string from, string subject, string? inReplyTo = null, string? references = null) =>
        $"Received: from mx.example.net by mx.sendgrid.net\nMessage-ID: <{messageId}>\nFrom: {from}\nTo: support@shop.example\nSubject: {subject}\nDate: Sun, 06 Dec 2026 22:00:00 +0000\n"
        + (inReplyTo is null ? "" : $"In-Reply-To: <{inReplyTo}>\n") + (references is null ? "" : $"References: {references}\n")
        + "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b1\"\n";

    private async Task<List<JsonElement>> ThreadsAsync(Guid customer) =>
        (await Crm.GetAsync($"/api/v1/customers/{customer}/email-threads")).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task An_inbound_parse_reply_threads_onto_the_sent_message_by_in_reply_to_and_a_second_post_of_it_is_ignored()
    {
        var (customer, _, sentId) = await SentAsync();
        var path = await InboundPathAsync();
        // Sent from another address than the customer's: only the header can tie it to the conversation.
        var replyId = $"reply-{Guid.NewGuid():N}@mail.example.net";
        var headers = Headers(replyId, "Tilde Privat <tilde.private@example.net>", "AW: Your order", inReplyTo: sentId);

        var first = await PostInboundAsync(path, headers, "Tilde Privat <tilde.private@example.net>", "AW: Your order", "Danke, ist angekommen.");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("threaded", (await first.JsonAsync()).GetProperty("outcome").GetString());

        var thread = Assert.Single(await ThreadsAsync(customer));
        var messages = thread.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["outbound", "inbound"], messages.Select(m => m.GetProperty("direction").GetString()));
        Assert.Equal("Danke, ist angekommen.", messages[1].GetProperty("body_text").GetString());
        Assert.Equal(replyId, messages[1].GetProperty("message_id").GetString());
        Assert.Equal("Your order", thread.GetProperty("subject").GetString());
        Assert.Contains("tilde.private@example.net", thread.GetProperty("participants").EnumerateArray().Select(p => p.GetString()));

        // On the customer's timeline as an inbound email.
        var activity = await Crm.GetAsync($"/api/v1/activities/{messages[1].GetProperty("activity_id").GetGuid()}");
        Assert.Equal("inbound", activity.GetProperty("direction").GetString());
        Assert.Equal(customer, activity.GetProperty("customer_id").GetGuid());

        var again = await PostInboundAsync(path, headers, "Tilde Privat <tilde.private@example.net>", "AW: Your order", "Danke, ist angekommen.");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("duplicate", (await again.JsonAsync()).GetProperty("outcome").GetString());
        Assert.Equal(2, Assert.Single(await ThreadsAsync(customer)).GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task A_reply_naming_the_sent_message_only_in_references_threads_and_a_reply_from_the_thread_carries_in_reply_to()
    {
        var (customer, address, sentId) = await SentAsync("Delivery date");
        var path = await InboundPathAsync();
        var replyId = $"ref-{Guid.NewGuid():N}@mail.example.net";
        var response = await PostInboundAsync(path, Headers(replyId, "someone@elsewhere.example", "Delivery date?", references: $"<older-{Guid.NewGuid():N}@x.example> <{sentId}>"),
            "someone@elsewhere.example", "Delivery date?", "When will it come?");
        Assert.Equal("threaded", (await response.JsonAsync()).GetProperty("outcome").GetString());
        Assert.Equal(2, Assert.Single(await ThreadsAsync(customer)).GetProperty("messages").GetArrayLength());

        // The agent answers from the thread: the mail says which message it answers, and joins the conversation.
        var refused = await Http.PostJsonAsync($"/api/v1/customers/{customer}/emails",
            new { subject = "Re: Delivery date", body_text = "Tomorrow.", purpose = "transactional", in_reply_to = $"nobody-{Guid.NewGuid():N}@x.example" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.JsonAsync()).GetProperty("errors").TryGetProperty("in_reply_to", out _));

        var answer = await Http.PostJsonAsync($"/api/v1/customers/{customer}/emails",
            new { subject = "Re: Delivery date", body_text = "Tomorrow.", purpose = "transactional", in_reply_to = replyId });
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        var sent = await mail.Sink.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == address) && m.Subject == "Re: Delivery date");
        Assert.Equal(replyId, sent.InReplyTo);
        Assert.Contains(replyId, sent.References);
        await EventuallyAsync(async () => (await ThreadsAsync(customer)) is [var only] && only.GetProperty("messages").GetArrayLength() == 3);
    }

    [Fact]
    public async Task A_wrong_token_is_401_and_stores_nothing_and_mail_from_a_stranger_answering_nothing_is_kept_unmatched()
    {
        var (customer, _, sentId) = await SentAsync();
        var path = await InboundPathAsync();
        var forged = path[..(path.LastIndexOf('/') + 1)] + "not-the-token";
        var headers = Headers($"forged-{Guid.NewGuid():N}@x.example", "mallory@example.net", "Re: Your order", inReplyTo: sentId);
        var refused = await PostInboundAsync(forged, headers, "mallory@example.net", "Re: Your order", "Click here");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(1, Assert.Single(await ThreadsAsync(customer)).GetProperty("messages").GetArrayLength());

        // A new address makes the old one stop working.
        var newer = await InboundPathAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostInboundAsync(path, headers, "mallory@example.net", "Re: Your order", "Click here")).StatusCode);

        var strangerId = $"stranger-{Guid.NewGuid():N}@x.example";
        var stranger = await PostInboundAsync(newer, Headers(strangerId, "Stranger <stranger@example.org>", "Question", null), "stranger@example.org", "Question", "Do you ship to Norway?");
        Assert.Equal("unmatched", (await stranger.JsonAsync()).GetProperty("outcome").GetString());
        var unmatched = Assert.Single((await Crm.GetAsync("/api/v1/mail-sync/unmatched")).GetProperty("items").EnumerateArray());
        Assert.Equal(strangerId, unmatched.GetProperty("message_id").GetString());
        Assert.Equal("Do you ship to Norway?", unmatched.GetProperty("body_text").GetString());
        Assert.Equal(1, Assert.Single(await ThreadsAsync(customer)).GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task The_imap_import_threads_each_message_once_moves_the_uid_checkpoint_and_the_poller_reports_a_mailbox_it_cannot_reach()
    {
        var (customer, address, sentId) = await SentAsync("Invoice");
        var closedPort = Ports.Free();
        var saved = await Http.PutJsonAsync("/api/v1/mail-sync/imap",
            new { enabled = true, host = "127.0.0.1", port = closedPort, tls = false, username = "crm@shop.example", password = "imap-secret" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var view = await saved.JsonAsync();
        Assert.True(view.GetProperty("imap").GetProperty("has_password").GetBoolean());
        Assert.DoesNotContain("imap-secret", view.GetRawText());

        // The poller tries, fails, and says so in the health; the lease is released.
        JsonElement health = default;
        await EventuallyAsync(async () =>
        {
            health = (await Crm.GetAsync("/api/v1/mail-sync")).GetProperty("health");
            return health.GetProperty("last_error").ValueKind == JsonValueKind.String;
        });
        Assert.Equal(JsonValueKind.String, health.GetProperty("last_poll_at").ValueKind);

        var store = mail.Node.Services.GetRequiredService<MailSyncStore>();
        var importer = mail.Node.Services.GetRequiredService<MailSyncImporter>();
        var claimed = await store.ClaimDueAsync(admin.Workspace, "test-node", TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Assert.NotNull(claimed);

        var reply = Mime($"imap-{Guid.NewGuid():N}@mail.example.net", address, "Re: Invoice", "Paid yesterday.", references: sentId);
        var stray = Mime($"imap-{Guid.NewGuid():N}@mail.example.net", "unknown@example.org", "Hello", "Who are you?");
        Assert.Equal(2, await importer.ImportAsync(admin.Workspace, "test-node", 7, claimed.LastUid, [(1, reply), (2, stray)], CancellationToken.None));
        var checkpoint = (await store.GetAsync(admin.Workspace))!;
        Assert.Equal(2, checkpoint.LastUid);
        Assert.Equal(7, checkpoint.UidValidity);

        // The next poll sees UIDs 1–3 again ("n:*" answers the newest): only 3 is read, and it repeats a Message-ID already received.
        var resent = Mime(reply.MessageId!, address, "Re: Invoice", "Paid yesterday.", references: sentId);
        Assert.Equal(0, await importer.ImportAsync(admin.Workspace, "test-node", 7, checkpoint.LastUid, [(1, reply), (2, stray), (3, resent)], CancellationToken.None));
        Assert.Equal(3, (await store.GetAsync(admin.Workspace))!.LastUid);

        var thread = Assert.Single(await ThreadsAsync(customer));
        Assert.Equal(["outbound", "inbound"], thread.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("direction").GetString()));
        Assert.Single((await Crm.GetAsync("/api/v1/mail-sync/unmatched")).GetProperty("items").EnumerateArray());
        await store.FinishPollAsync(admin.Workspace, "test-node", null);
        Assert.Equal(2, (await Crm.GetAsync("/api/v1/mail-sync")).GetProperty("health").GetProperty("messages_imported").GetInt64());
    }

    private static MimeMessage Mime(string messageId, string from, string subject, string text, string? references = null)
    {
        var message = new MimeMessage { MessageId = messageId, Subject = subject, Body = new TextPart("plain") { Text = text } };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("support@shop.example"));
        if (references is not null)
        {
            message.References.Add(references);
        }

        return message;
    }

    private static Task EventuallyAsync(Func<Task<bool>> condition) => Eventually.TrueAsync(condition, "the mail is processed");
}
