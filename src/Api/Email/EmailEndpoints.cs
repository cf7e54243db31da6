using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Auth;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Templates;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Audit;
using SimpleCrm.Data.Email;
using SimpleCrm.Data.Gdpr;
using SimpleCrm.Data.Templates;

namespace SimpleCrm.Api.Email;

/// <summary>/api/v1/customers/{id}/emails: send an email to a customer and see what was sent; /api/v1/email/unsubscribe: the one-click unsubscribe link.</summary>
public static class EmailEndpoints
{
    public const string UnsubscribePath = "/api/v1/email/unsubscribe";

    public static void MapEmail(this RouteGroupBuilder api)
    {
        var customers = api.MapResource("/customers/{id:guid}/emails", "Email", StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        customers.MapPost("", SendAsync).RequirePermission(Permission.CustomersWrite).WithName("SendCustomerEmail")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Queue an email to the customer (a template in their language, or free text); marketing mail needs their marketing_email consent");
        customers.MapGet("", ListAsync).RequirePermission(Permission.CustomersRead).WithName("ListCustomerEmails")
            .WithSummary("The emails sent or queued to the customer, newest first");

        var unsubscribe = api.MapResource("/email/unsubscribe", "Email", StatusCodes.Status400BadRequest).AllowAnonymous();
        unsubscribe.MapPost("", UnsubscribeAsync).WithName("UnsubscribeOneClick").DisableAntiforgery()
            .WithSummary("One-click unsubscribe (RFC 8058): records the withdrawal of the customer's marketing_email consent");
    }

    private static async Task<Results<Accepted<EmailView>, ProblemHttpResult>> SendAsync(
        Guid id, NewEmail body, HttpContext http, Caller caller, TemplateStore templates, RecipientFactsQuery factsQuery, TemplateRenderer renderer,
        ConsentStore consents, EmailMessageStore store, EmailSuppressionStore suppressions, UnsubscribeTokens tokens, TrackingLinks tracking, IOptions<EmailOptions> options, AuditLog audit,
        InboundMailStore inbound, CancellationToken cancellationToken)
    {
        // The customer the path names first: one the caller cannot see is not found, whatever the body says.
        if (await factsQuery.FindAsync(caller.Workspace, id, caller.UserId, cancellationToken) is not { } facts || !caller.Sees(facts.Customer.OwnerId))
        {
            return Problem.NotFound("Customer", id);
        }

        var errors = new Dictionary<string, string[]>();
        if (body.Purpose is null || !EmailPurposes.All.Contains(body.Purpose))
        {
            errors["purpose"] = ["Choose marketing or transactional."];
        }

        TemplateRow? template = null;
        if (body.TemplateId is { } templateId)
        {
            template = await templates.FindAsync(caller.Workspace, templateId, cancellationToken);
            if (template is null)
            {
                errors["template_id"] = [$"No template {templateId}."];
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(body.Subject) || body.Subject.Length > 300)
            {
                errors["subject"] = ["Required without a template, at most 300 characters."];
            }

            if (string.IsNullOrWhiteSpace(body.BodyText) || body.BodyText.Length > 100_000)
            {
                errors["body_text"] = ["Required without a template, at most 100000 characters."];
            }
        }

        ThreadMatch? thread = null;
        var inReplyTo = body.InReplyTo?.Trim().Trim('<', '>');
        if (!string.IsNullOrEmpty(inReplyTo))
        {
            thread = inReplyTo.Length > 998 ? null : await inbound.FindThreadAsync(caller.Workspace, [inReplyTo], cancellationToken);
            if (thread is null || thread.CustomerId != id)
            {
                errors["in_reply_to"] = ["Not the Message-ID of an email of this customer."];
            }
        }

        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        if (await suppressions.FindAsync(caller.Workspace, facts.Customer.Email, cancellationToken) is { } suppressed)
        {
            return CommandResultHttp.FieldProblem(StatusCodes.Status409Conflict, "Undeliverable address",
                $"{facts.Customer.Email} is not mailed any more: the provider reported it undeliverable ({suppressed.Reason}). Change the customer's email address first.",
                new Dictionary<string, string[]> { ["email"] = [$"{facts.Customer.Email} is undeliverable ({suppressed.Reason})."] });
        }

        if (body.Purpose == EmailPurposes.Marketing
            && !(await consents.CurrentAsync(caller.Workspace, id, cancellationToken)).GetValueOrDefault(ConsentPurposes.MarketingEmail))
        {
            return CommandResultHttp.FieldProblem(StatusCodes.Status409Conflict, "No consent",
                "The customer has not consented to marketing email; send it as transactional only if it is service mail.",
                new Dictionary<string, string[]> { ["purpose"] = ["No marketing_email consent."] });
        }

        RenderedMessage message;
        try
        {
            message = template is null
                ? new RenderedMessage(facts.Customer.Language, body.Subject!.Trim(), PlainToHtml(body.BodyText!), body.BodyText!)
                : await renderer.RenderAsync(template, facts, cancellationToken);
        }
        catch (TemplateFailure e)
        {
            return CommandResultHttp.FieldProblem(StatusCodes.Status422UnprocessableEntity, "Template failed", e.Message,
                new Dictionary<string, string[]> { ["template_id"] = [$"{e.Field}: {e.Message}"] });
        }

        var messageRowId = Guid.CreateVersion7();
        var unsubscribeUrl = body.Purpose == EmailPurposes.Marketing
            ? $"{AuthEndpoints.AppUrl(http)}{UnsubscribePath}?token={Uri.EscapeDataString(tokens.Issue(caller.Workspace, id, messageRowId))}"
            : null;
        var bodyHtml = tracking.Instrument(message.BodyHtml, AuthEndpoints.AppUrl(http), caller.Workspace, messageRowId);
        var row = await store.QueueAsync(caller.Workspace, new EmailDraft(
            messageRowId, id, template?.Id, message.Language, body.Purpose!, facts.Customer.Email, message.Subject, bodyHtml, message.BodyText,
            $"{messageRowId:N}@{options.Value.MessageIdDomain}", unsubscribeUrl, caller.UserId, thread?.ThreadId, thread is null ? null : inReplyTo), cancellationToken);
        await audit.RecordAsync(caller.Workspace, caller.Change, "send", "email", row.Id, new { customer = id, row.TemplateId, row.Purpose, row.Language }, cancellationToken);
        return TypedResults.Accepted($"/api/v1/customers/{id}/emails", EmailView.From(row));
    }

    private static async Task<Results<Ok<EmailList>, ProblemHttpResult>> ListAsync(
        Guid id, Caller caller, RecipientFactsQuery factsQuery, EmailMessageStore store, CancellationToken cancellationToken)
    {
        if (await factsQuery.FindAsync(caller.Workspace, id, null, cancellationToken) is not { } facts || !caller.Sees(facts.Customer.OwnerId))
        {
            return Problem.NotFound("Customer", id);
        }

        return TypedResults.Ok(new EmailList((await store.ListForCustomerAsync(caller.Workspace, id, cancellationToken)).Select(EmailView.From).ToList()));
    }

    private static async Task<Results<Ok<UnsubscribeResult>, ProblemHttpResult>> UnsubscribeAsync(
        string? token, UnsubscribeTokens tokens, ConsentStore consents, CancellationToken cancellationToken)
    {
        if (tokens.Read(token) is not { } link)
        {
            return Problem.InvalidQuery("token", "Not a valid unsubscribe link.");
        }

        var statement = new ConsentStatement(ConsentPurposes.MarketingEmail, false, $"one-click unsubscribe ({link.MessageId})", "rfc8058");
        if (await consents.RecordAsync(link.Workspace, link.CustomerId, statement, ChangeContext.System("unsubscribe"), cancellationToken) is null)
        {
            return Problem.InvalidQuery("token", "The customer of this link no longer exists.");
        }

        return TypedResults.Ok(new UnsubscribeResult(ConsentPurposes.MarketingEmail, false));
    }

    private static string PlainToHtml(string text) =>
        string.Join("<br>\n", WebUtility.HtmlEncode(text).Replace("\r\n", "\n").Split('\n'));
}
