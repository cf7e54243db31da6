using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using MimeKit;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Activities;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Data.Email;
using SimpleCrm.Data.Lists;

namespace SimpleCrm.Api.Email;

/// <summary>One sent message in the local mailbox list.</summary>
public sealed record MailboxEntry(Guid Id, Guid CustomerId, string To, string Subject, DateTimeOffset? SentAt, string? Language, string Purpose);

public sealed record MailboxPage(IReadOnlyList<MailboxEntry> Items, string? NextCursor);

/// <summary>The query parameters of GET /mailbox, for the OpenAPI document.</summary>
public sealed record MailboxQueryDocs
{
    [Description("Page size, 1–200 (default 25).")]
    public int? Limit { get; init; }

    [Description("The next_cursor of the previous page.")]
    public string? Cursor { get; init; }
}

public sealed record MailHeader(string Name, string Value);

/// <summary>A sent message as the recipient's mail program would show it: every header, the text part and the HTML part.</summary>
public sealed record MailboxMessage(
    Guid Id, Guid CustomerId, string From, string To, string Subject, DateTimeOffset? SentAt, string? Language, string Purpose, string MessageId,
    IReadOnlyList<MailHeader> Headers, string? BodyText, string? BodyHtml);

/// <summary>
/// /api/v1/mailbox: in local mode (no SMTP provider configured) the workspace's sent mail can be read inside the CRM.
/// With a provider configured the mail has left, and these answer 404.
/// </summary>
public static class LocalMailboxEndpoints
{
    public static void MapLocalMailbox(this RouteGroupBuilder api)
    {
        // Everyone's mail to every customer: admins and managers, who hold the data-protection permission.
        var mailbox = api.MapResource("/mailbox", "Email", StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        mailbox.MapGet("", ListAsync).RequirePermission(Permission.Gdpr).WithName("ListLocalMailbox").WithQueryDocs<MailboxQueryDocs>()
            .WithSummary("Local mode only: the workspace's sent customer email, newest first, paged by cursor (limit, cursor)");
        mailbox.MapGet("/{id:guid}", GetAsync).RequirePermission(Permission.Gdpr).WithName("GetLocalMailboxMessage")
            .WithSummary("Local mode only: one sent message with its headers (List-Unsubscribe included), text part and HTML part");
    }

    private static async Task<Results<Ok<MailboxPage>, ProblemHttpResult>> ListAsync(
        HttpContext http, Caller caller, IMailTransport transport, LocalMailboxQuery mailbox, CancellationToken cancellationToken)
    {
        if (transport is not PickupTransport)
        {
            return NotLocal();
        }

        var query = new QueryReader(http.Request.Query);
        var limit = query.Int("limit", 1, QueryReader.MaxLimit) ?? 25;
        IReadOnlyList<string>? cursor = null;
        if (query.Text("cursor", 1000) is { } text)
        {
            if (KeysetPage.TryDecode(text, out var values))
            {
                cursor = values;
            }
            else
            {
                query.Fail("cursor", "Not a cursor this API returned.");
            }
        }

        QueryStrictness.RefuseListParameters(http.Request.Query, query, except: ["limit", "cursor"]);
        if (!query.Complete())
        {
            return Problem.InvalidQuery(query.Errors);
        }

        try
        {
            var page = await mailbox.ListSentAsync(caller.Workspace, new PageRequest(limit, cursor, 0, false), cancellationToken);
            return TypedResults.Ok(new MailboxPage(
                page.Items.Select(r => new MailboxEntry(r.Id, r.CustomerId, r.ToAddress, r.Subject, r.SentAt, r.Language, r.Purpose)).ToList(),
                page.NextCursor));
        }
        catch (InvalidCursorException e)
        {
            return Problem.InvalidQuery("cursor", e.Message);
        }
    }

    private static async Task<Results<Ok<MailboxMessage>, ProblemHttpResult>> GetAsync(
        Guid id, Caller caller, IMailTransport transport, LocalMailboxQuery mailbox, EmailComposer composer, CancellationToken cancellationToken)
    {
        if (transport is not PickupTransport pickup)
        {
            return NotLocal();
        }

        if (await mailbox.FindSentAsync(caller.Workspace, id, cancellationToken) is not { } row)
        {
            return Problem.NotFound("Message", id);
        }

        // The .eml written to the pickup folder is what was sent; without a folder the stored rendering is composed the same way.
        var file = pickup.Directory is { } directory ? Path.Combine(directory, PickupTransport.FileName(row.MessageId)) : null;
        var message = file is not null && File.Exists(file)
            ? await MimeMessage.LoadAsync(file, cancellationToken)
            : composer.Compose(caller.Workspace, row);
        return TypedResults.Ok(new MailboxMessage(
            row.Id, row.CustomerId, message.From.ToString(), message.To.ToString(), message.Subject ?? "", row.SentAt, row.Language, row.Purpose,
            message.MessageId ?? row.MessageId, message.Headers.Select(h => new MailHeader(h.Field, h.Value)).ToList(), message.TextBody, message.HtmlBody));
    }

    private static ProblemHttpResult NotLocal() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
            detail: "The local mailbox exists only in local mode; with a mail provider configured, sent mail is read there.");
}
