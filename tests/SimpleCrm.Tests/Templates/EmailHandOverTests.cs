using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SimpleCrm.Api.Email;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Email;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Templates;

/// <summary>
/// The point at which a send becomes the provider's: inside DATA, with the message written and its end line not yet
/// sent, so that a node dying on either side of the mark neither loses nor doubles a message.
/// </summary>
public sealed class EmailHandOverTests(EmailFixture email) : IClassFixture<EmailFixture>, IAsyncLifetime
{
    private readonly SmtpSink sink = new();
    private SmtpTransport transport = null!;
    private EmailComposer composer = null!;

    public Task InitializeAsync()
    {
        var options = Options.Create(new EmailOptions
        {
            Smtp = new EmailOptions.SmtpSettings { Host = "127.0.0.1", Port = sink.Port, UseTls = false },
            DispatchParallelism = 1,
        });
        transport = new SmtpTransport(options);
        composer = new EmailComposer(options);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await transport.DisposeAsync();
        await sink.DisposeAsync();
    }

    private Mime Message(string to, bool withHtml = true) => new(composer.Compose(new WorkspaceId(Guid.NewGuid()), new EmailMessageRow
    {
        Id = Guid.NewGuid(),
        ToAddress = to,
        Subject = "Your order",
        BodyText = "It has shipped.",
        BodyHtml = withHtml ? "<p>It has shipped.</p>" : "",
        MessageId = $"{Guid.NewGuid():N}@simplecrm.test",
        Purpose = EmailPurposes.Transactional,
        CreatedAt = DateTimeOffset.UtcNow,
    }));

    private sealed record Mime(MimeKit.MimeMessage Message);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_hand_over_is_passed_once_inside_DATA_before_the_server_has_the_message(bool withHtml)
    {
        var seen = new List<(int DataCommands, int Received)>();
        for (var i = 0; i < 2; i++)
        {
            // The second message goes over the pooled connection the first one left open.
            var mail = Message($"handover-{i}@example.com", withHtml);
            await transport.SendAsync(mail.Message, _ =>
            {
                seen.Add((sink.DataCommands, sink.Received.Count));
                return Task.CompletedTask;
            }, CancellationToken.None);
            Assert.Equal(i + 1, sink.Received.Count);
        }

        // The sink advertises SIZE: had the client measured the message first, the mark would have come before DATA.
        Assert.Equal([(1, 0), (2, 1)], seen);
    }

    [Fact]
    public async Task A_hand_over_that_fails_abandons_the_send_and_the_server_keeps_nothing()
    {
        var failing = Message("never@example.com");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            transport.SendAsync(failing.Message, _ => throw new InvalidOperationException("the mark was not committed"), CancellationToken.None));
        Assert.Equal("the mark was not committed", error.Message);
        Assert.Equal(1, sink.DataCommands);

        // The next send opens a fresh connection and arrives; the abandoned message never does.
        var next = Message("next@example.com");
        await transport.SendAsync(next.Message, _ => Task.CompletedTask, CancellationToken.None);
        await sink.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "next@example.com"));
        await Task.Delay(300);
        Assert.DoesNotContain(sink.Received, m => m.To.Mailboxes.Any(a => a.Address == "never@example.com"));
        Assert.Single(sink.Received);
    }

    [Fact]
    public async Task A_refused_attempt_clears_the_mark_so_the_retry_sends_the_message()
    {
        var (admin, customer, address) = await CustomerAsync();
        // The provider refuses after the end line (so after the mark) for as long as this test looks.
        email.Sink.RefuseNext(1_000);
        try
        {
            var queued = await admin.Http.PostJsonAsync($"/api/v1/customers/{customer}/emails",
                new { subject = "Your order", body_text = "It has shipped.", purpose = "transactional" });
            Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
            var id = (await queued.JsonAsync()).GetProperty("id").GetGuid();
            EmailMessageRow? refused = null;
            await Eventually.TrueAsync(async () => (refused = await RowAsync(admin.Workspace, id)).Attempts >= 1, "the refused attempt is recorded");
            Assert.Equal("queued", refused!.Status);
            Assert.Null(refused.HandedOverAt);
            Assert.DoesNotContain(email.Sink.Received, m => m.To.Mailboxes.Any(a => a.Address == address));
        }
        finally
        {
            email.Sink.RefuseNext(0);
        }
    }

    [Fact]
    public async Task A_message_found_handed_over_after_its_node_died_is_recorded_as_sent_and_not_sent_again()
    {
        var (admin, customer, address) = await CustomerAsync();

        // What a node that died right after the mark leaves behind: the message marked, due, with no record. Written in
        // one statement, so the dispatcher never sees it unmarked.
        var id = Guid.NewGuid();
        await using (var session = await email.Database.Database.BeginAsync(admin.Workspace))
        {
            await session.ExecuteAsync("""
                insert into email_messages (workspace_id, id, customer_id, purpose, to_address, subject, body_html, body_text, message_id, thread_id, handed_over_at)
                values (@workspace, @id, @customer, 'transactional', @address, 'Your order', '', 'It has shipped.', @messageId, @id, now())
                """, new { workspace = admin.Workspace.Value, id, customer, address, messageId = $"{id:N}@simplecrm.test" });
            await session.CommitAsync();
        }

        await Eventually.TrueAsync(async () => (await RowAsync(admin.Workspace, id)).Status == "sent", "the handed-over message is recorded as sent");
        Assert.DoesNotContain(email.Sink.Received, m => m.To.Mailboxes.Any(a => a.Address == address));
        var timeline = await (await admin.Http.GetAsync($"/api/v1/customers/{customer}/timeline")).JsonAsync();
        Assert.Contains(timeline.GetProperty("items").EnumerateArray(),
            e => e.GetProperty("entity_id").GetGuid() == id && e.GetProperty("kind").GetString() == "activity.created");
    }

    private async Task<(TestUser Admin, Guid Customer, string Address)> CustomerAsync()
    {
        var admin = await email.Node.UserAsync($"handover-{Guid.NewGuid():N}"[..20], "admin");
        var address = $"crash-{Guid.NewGuid():N}@example.com";
        var customer = (await new CrmApiClient(admin.Http).CreateCustomerAsync(
            new { first_name = "Ana", last_name = "Silva", email = address, country_code = "PT", language = "pt" })).GetProperty("id").GetGuid();
        return (admin, customer, address);
    }

    private async Task<EmailMessageRow> RowAsync(WorkspaceId workspace, Guid id) =>
        (await email.Node.Services.GetRequiredService<EmailMessageStore>().FindAsync(workspace, id))!;
}
