using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Data.Audit;

namespace SimpleCrm.Api.Audit;

public sealed record AuditEntryView(
    long Id, DateTimeOffset OccurredAt, Guid? ActorId, string Actor, string? ActorName, string Action, string EntityType, Guid? EntityId,
    string? Ip, string? RequestId, JsonElement? Before, JsonElement? After);

public sealed record AuditPage(IReadOnlyList<AuditEntryView> Items, string? NextCursor);

/// <summary>The audit log's filters, declared for the OpenAPI document; the handler reads them with QueryReader.</summary>
public sealed record AuditQueryDocs
{
    [System.ComponentModel.Description("Only entries about this kind of entity, e.g. customer, order, user.")]
    public string? EntityType { get; init; }

    [System.ComponentModel.Description("Only entries about this entity.")]
    public Guid? EntityId { get; init; }

    [System.ComponentModel.Description("Only entries this team member caused.")]
    public Guid? UserId { get; init; }

    [System.ComponentModel.Description("Only this action, e.g. create, update, delete, login.")]
    public string? Action { get; init; }

    [System.ComponentModel.Description("Entries at or after this date or date-time (ISO 8601, UTC unless it says otherwise).")]
    public string? From { get; init; }

    [System.ComponentModel.Description("Entries before this date or date-time (ISO 8601).")]
    public string? To { get; init; }

    [System.ComponentModel.Description("Page size, 1–200 (default 50).")]
    public int? Limit { get; init; }

    [System.ComponentModel.Description("The next_cursor of the previous page.")]
    public string? Cursor { get; init; }
}

/// <summary>The audit trail for admins: newest first, filtered, cursor-paged.</summary>
public static class AuditEndpoints
{
    public static void MapAudit(this RouteGroupBuilder api)
    {
        api.MapResource("/audit", "Audit")
            .MapGet("/", ListAsync).RequirePermission(Permission.AuditRead).WithQueryDocs<AuditQueryDocs>()
            .WithSummary("Browse the audit log (entity_type, entity_id, user_id, action, from, to, limit, cursor)");
    }

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> ListAsync(Caller caller, HttpRequest request, AuditLog audit, CancellationToken cancellationToken)
    {
        var query = new QueryReader(request.Query);
        var userId = query.Uuid("user_id");
        var filter = new AuditFilter(query.Text("entity_type", 50), query.Uuid("entity_id"), userId is { } u ? $"user:{u}" : null,
            query.Text("action", 50), query.Instant("from"), query.Instant("to"));
        var limit = query.Int("limit", 1, QueryReader.MaxLimit) ?? 50;
        var cursor = query.Text("cursor", 30);
        long? before = null;
        if (cursor is not null)
        {
            if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                before = id;
            }
            else
            {
                query.Fail("cursor", "Not a cursor from this list.");
            }
        }

        if (!query.Complete())
        {
            return Problem.InvalidQuery(query.Errors);
        }

        var (items, next) = await audit.ListAsync(caller.Workspace, filter, limit, before, cancellationToken);
        return TypedResults.Ok(new AuditPage(items.Select(View).ToList(), next?.ToString(CultureInfo.InvariantCulture)));
    }

    private static AuditEntryView View(AuditEntry e) => new(
        e.Id, e.OccurredAt, e.Actor.StartsWith("user:", StringComparison.Ordinal) && Guid.TryParse(e.Actor[5..], out var id) ? id : null,
        e.Actor, e.ActorName, e.Action, e.EntityType, e.EntityId, e.RemoteAddress, e.RequestId, Parse(e.Before), Parse(e.After));

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
