using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Auth;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Api.Problems;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Data.Audit;
using SimpleCrm.Data.Email;
using SimpleCrm.Data.Templates;

namespace SimpleCrm.Api.Email.Threads;

/// <summary>The IMAP password, encrypted with the CRM's Data Protection key ring (shared by every node).</summary>
public sealed class MailSyncSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector protector = protection.CreateProtector("SimpleCrm.MailSync.ImapPassword");

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);
}

/// <summary>
/// /api/v1/mail-sync: where replies come from (the IMAP mailbox polled, the Inbound Parse address), the sync's health and the
/// unmatched inbound mail (admins); /api/v1/customers/{id}/email-threads: the customer's conversations.
/// </summary>
public static class MailSyncEndpoints
{
    private const int ThreadMessagesMax = 500;

    public static void MapMailSync(this RouteGroupBuilder api)
    {
        var sync = api.MapResource("/mail-sync", "MailSync", StatusCodes.Status400BadRequest).RequirePermission(Permission.IntegrationsManage);
        sync.MapGet("", GetAsync).WithName("GetMailSync").WithSummary("The IMAP mailbox settings (never the password) and the sync's health: last poll, last error, messages imported");
        sync.MapPut("/imap", SaveImapAsync).WithName("SaveMailSyncImap").WithSummary("Set the IMAP mailbox polled for replies");
        sync.MapPost("/inbound-address", NewInboundAddressAsync).WithName("CreateInboundAddress")
            .WithSummary("Make a new SendGrid Inbound Parse address (the old one stops working); the answer is the only time it is shown");
        sync.MapGet("/unmatched", UnmatchedAsync).WithName("ListUnmatchedMail").WithSummary("Inbound mail from unknown senders answering nothing known, newest first");

        api.MapResource("/customers/{id:guid}/email-threads", "Email", StatusCodes.Status404NotFound)
            .MapGet("", ThreadsAsync).RequirePermission(Permission.CustomersRead).WithName("ListCustomerEmailThreads")
            .WithSummary("The customer's email conversations, latest first, each with its messages oldest first");
    }

    private static async Task<Ok<MailSyncView>> GetAsync(Caller caller, MailSyncStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(MailSyncView.From(await store.GetAsync(caller.Workspace, cancellationToken)));

    private static async Task<Results<Ok<MailSyncView>, ProblemHttpResult>> SaveImapAsync(
        ImapSettingsInput body, Caller caller, MailSyncStore store, MailSyncSecrets secrets, AuditLog audit, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(caller.Workspace, cancellationToken);
        var enabled = body.Enabled ?? false;
        var host = body.Host?.Trim() ?? "";
        var username = body.Username?.Trim() ?? "";
        var folder = string.IsNullOrWhiteSpace(body.Folder) ? "INBOX" : body.Folder.Trim();
        var errors = new Dictionary<string, string[]>();
        if ((enabled || host.Length > 0) && (host.Length is 0 or > 253 || host.Any(c => char.IsWhiteSpace(c) || c is '/' or ':')))
        {
            errors["host"] = ["A host name or address, at most 253 characters (no scheme or port)."];
        }

        if (body.Port is < 1 or > 65535)
        {
            errors["port"] = ["A port from 1 to 65535."];
        }

        if (enabled && username.Length == 0 || username.Length > 320)
        {
            errors["username"] = ["Required to poll, at most 320 characters."];
        }

        if (body.Password is { Length: 0 or > 1000 })
        {
            errors["password"] = ["1 to 1000 characters, or leave it out to keep the stored one."];
        }
        else if (enabled && body.Password is null && current?.ImapPasswordProtected is null)
        {
            errors["password"] = ["Required to poll (none is stored yet)."];
        }

        if (folder.Length > 200)
        {
            errors["folder"] = ["At most 200 characters."];
        }

        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var tls = body.Tls ?? true;
        var port = body.Port ?? (tls ? 993 : 143);
        var saved = await store.SaveImapAsync(caller.Workspace, new ImapSettings(
            enabled, host, port, tls, username, body.Password is null ? null : secrets.Protect(body.Password), folder), cancellationToken);
        await audit.RecordAsync(caller.Workspace, caller.Change, "update", "mail_sync", caller.Workspace.Value, new { enabled, host, port, tls, username, folder }, cancellationToken);
        return TypedResults.Ok(MailSyncView.From(saved));
    }

    private static async Task<Ok<InboundAddress>> NewInboundAddressAsync(HttpContext http, Caller caller, MailSyncStore store, AuditLog audit, CancellationToken cancellationToken)
    {
        var token = Secrets.NewToken();
        await store.SetInboundTokenHashAsync(caller.Workspace, InboundParseEndpoints.Hash(token), cancellationToken);
        await audit.RecordAsync(caller.Workspace, caller.Change, "rotate", "mail_sync", caller.Workspace.Value, new { inbound_address = true }, cancellationToken);
        return TypedResults.Ok(new InboundAddress(InboundParseEndpoints.Url(AuthEndpoints.AppUrl(http), caller.Workspace, token)));
    }

    private static async Task<Ok<UnmatchedMailList>> UnmatchedAsync(Caller caller, InboundMailStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UnmatchedMailList((await store.ListUnmatchedAsync(caller.Workspace, 200, cancellationToken))
            .Select(r => new UnmatchedMail(r.MessageId, r.Source, r.FromAddress, r.Subject, r.BodyText, r.ReceivedAt)).ToList()));

    private static async Task<Results<Ok<EmailThreadList>, ProblemHttpResult>> ThreadsAsync(
        Guid id, Caller caller, RecipientFactsQuery facts, EmailThreadQuery query, CancellationToken cancellationToken)
    {
        if (await facts.FindAsync(caller.Workspace, id, null, cancellationToken) is not { } customer || !caller.Sees(customer.Customer.OwnerId))
        {
            return Problem.NotFound("Customer", id);
        }

        var rows = await query.ForCustomerAsync(caller.Workspace, id, ThreadMessagesMax, cancellationToken);
        var threads = rows
            .GroupBy(r => r.ThreadId)
            .Select(g =>
            {
                var messages = g.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Select(Message).ToList();
                var participants = messages.SelectMany(m => m.To.Prepend(m.From ?? "")).Where(a => a.Length > 0)
                    .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                return new EmailThread(g.Key, messages[0].Subject, participants, messages[^1].At, messages);
            })
            .OrderByDescending(t => t.LastMessageAt)
            .ToList();
        return TypedResults.Ok(new EmailThreadList(threads));
    }

    private static ThreadMessage Message(ThreadMessageRow row)
    {
        var metadata = row.EmailMetadata is null ? null : JsonSerializer.Deserialize<EmailMetadata>(row.EmailMetadata, Domain.Customers.CrmJson.Options);
        return new ThreadMessage(row.Id, row.Direction ?? "outbound", metadata?.From, metadata?.To ?? [], row.Subject, row.Description, row.CreatedAt,
            metadata?.MessageId, metadata?.Opened ?? false, metadata?.Clicked ?? false);
    }
}
