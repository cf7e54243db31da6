using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Auth;
using SimpleCrm.Api.Customers;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Data.Audit;
using SimpleCrm.Data.Customers;
using SimpleCrm.Data.Email;
using SimpleCrm.Data.Segments;
using SimpleCrm.Data.Templates;

namespace SimpleCrm.Api.Email;

/// <summary>/api/v1/emails/bulk: one template to every customer of a list filter or a segment, queued in the background, and its progress.</summary>
public static class BulkEmailEndpoints
{
    public const int MaxRecipients = 200_000;

    /// <summary>"service" is what the bulk dialog calls transactional mail.</summary>
    private static readonly Dictionary<string, string> Purposes = new(StringComparer.Ordinal)
    {
        [EmailPurposes.Marketing] = EmailPurposes.Marketing,
        [EmailPurposes.Transactional] = EmailPurposes.Transactional,
        ["service"] = EmailPurposes.Transactional,
    };

    public static void MapBulkEmail(this RouteGroupBuilder api)
    {
        var bulk = api.MapResource("/emails/bulk", "Email", StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        bulk.MapPost("", CreateAsync).RequirePermission(Permission.CustomersBulk).WithName("CreateBulkEmail")
            .WithSummary("Send a template to every customer of a list filter or a segment: answers at once with the job, which renders and queues in the background");
        bulk.MapGet("/{id:guid}", GetAsync).RequirePermission(Permission.CustomersRead).WithName("GetBulkEmail")
            .WithSummary("A bulk send's progress: recipients after consent, queued, sent, failed, skipped with reasons");
    }

    private static async Task<Results<Accepted<BulkEmailView>, ProblemHttpResult>> CreateAsync(
        NewBulkEmail body, HttpContext http, Caller caller, TemplateStore templates, SegmentStore segments, CustomerQueries customers, BulkEmailStore store,
        AuditLog audit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.Purpose is null || !Purposes.TryGetValue(body.Purpose, out var purpose))
        {
            errors["purpose"] = ["Choose marketing or service (transactional)."];
            purpose = null;
        }

        if (body.TemplateId is not { } templateId)
        {
            errors["template_id"] = ["Required."];
        }
        else if (await templates.FindAsync(caller.Workspace, templateId, cancellationToken) is not { } template || template.Kind != "email")
        {
            errors["template_id"] = [$"No email template {templateId}."];
        }

        var hasFilter = !string.IsNullOrWhiteSpace(body.Filter);
        if (hasFilter == body.SegmentId.HasValue)
        {
            errors["filter"] = ["Give either filter or segment_id."];
        }

        CustomerFilter? filter = null;
        if (hasFilter)
        {
            var reader = new QueryReader(new QueryCollection(QueryHelpers.ParseQuery(body.Filter)), "custom.");
            filter = CustomerListEndpoint.ReadFilter(reader).VisibleTo(caller);
            if (!reader.Complete())
            {
                errors["filter"] = reader.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}").ToArray();
            }
        }
        else if (body.SegmentId is { } segmentId && await segments.FindAsync(caller.Workspace, segmentId, cancellationToken) is null)
        {
            errors["segment_id"] = [$"No segment {segmentId}."];
        }

        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        IReadOnlyList<Guid>? ids = null;
        if (filter is not null)
        {
            ids = await customers.IdsAsync(caller.Workspace, filter, MaxRecipients + 1, cancellationToken);
            if (ids.Count > MaxRecipients)
            {
                return Problem.Invalid("filter", $"Matches more than {MaxRecipients} customers; narrow it.");
            }
        }

        var job = await store.CreateAsync(caller.Workspace, Guid.CreateVersion7(), body.TemplateId!.Value, purpose!, hasFilter ? body.Filter!.Trim() : null, ids,
            body.SegmentId, caller.AssignedTo, AuthEndpoints.AppUrl(http), caller.UserId, cancellationToken);
        await audit.RecordAsync(caller.Workspace, caller.Change, "send", "bulk_email", job.Id,
            new { job.TemplateId, job.Purpose, job.Filter, job.SegmentId, job.Matched, recipients = job.Eligible }, cancellationToken);
        var progress = await store.ProgressAsync(caller.Workspace, job.Id, cancellationToken);
        return TypedResults.Accepted($"/api/v1/emails/bulk/{job.Id}", BulkEmailView.From(progress!));
    }

    private static async Task<Results<Ok<BulkEmailView>, ProblemHttpResult>> GetAsync(Guid id, Caller caller, BulkEmailStore store, CancellationToken cancellationToken) =>
        await store.ProgressAsync(caller.Workspace, id, cancellationToken) is { } progress
            ? TypedResults.Ok(BulkEmailView.From(progress))
            : Problem.NotFound("Bulk email", id);
}
