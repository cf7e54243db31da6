using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Customers;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Contracts.Segments;
using SimpleCrm.Data.Customers;
using SimpleCrm.Data.Lists;
using SimpleCrm.Data.Segments;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Domain.Segments;

namespace SimpleCrm.Api.Segments;

/// <summary>
/// /api/v1/segments: dynamic segments (rules, live membership) and static ones (hand-picked), their members (now or at
/// an instant) and the builder's live count. Reading needs customers.read; defining needs customers.bulk (a segment
/// acts on many customers).
/// </summary>
public static class SegmentEndpoints
{
    public const int MaxNameLength = 100;
    public const int MaxPicked = 10_000;

    public static void MapSegments(this RouteGroupBuilder api)
    {
        var segments = api.MapResource("/segments", "Segments", StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        segments.MapGet("", ListAsync).WithName("ListSegments").WithSummary("Every segment with its member count").RequirePermission(Permission.CustomersRead);
        segments.MapPost("", CreateAsync).WithName("CreateSegment").WithSummary("Define a dynamic segment (rules) or a static one (hand-picked customers)")
            .RequirePermission(Permission.CustomersBulk);
        segments.MapPost("/preview", PreviewAsync).WithName("PreviewSegment").WithSummary("How many customers these rules match now (the builder's live count)")
            .RequirePermission(Permission.CustomersRead);
        segments.MapGet("/{id:guid}", GetAsync).WithName("GetSegment").WithSummary("One segment with its member count").RequirePermission(Permission.CustomersRead);
        segments.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateSegment").WithSummary("Rename, or give a dynamic segment new rules (members follow at once)")
            .RequirePermission(Permission.CustomersBulk);
        segments.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteSegment").WithSummary("Delete a segment and its membership history").RequirePermission(Permission.CustomersBulk);
        segments.MapPost("/{id:guid}/members", ChangeMembersAsync).WithName("ChangeSegmentMembers").WithSummary("Add or remove a static segment's hand-picked members")
            .RequirePermission(Permission.CustomersBulk);
        segments.MapGet("/{id:guid}/members", MembersAsync).WithName("ListSegmentMembers").WithQueryDocs<SegmentMemberQueryDocs>()
            .WithSummary("The segment's members as a customer list (paged like GET /customers); with at=, who was a member at that instant")
            .RequirePermission(Permission.CustomersRead);
        segments.MapSegmentCounts();
    }

    private static async Task<Ok<SegmentList>> ListAsync(Caller caller, IGrainFactory grains, SegmentCountRelay relay)
    {
        await SubscribeToCountsAsync(caller, relay);
        var definitions = await grains.GetGrain<ISegmentCatalogGrain>(caller.Workspace.Value).GetAsync();
        var states = await Task.WhenAll(definitions.OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).Select(d => Segment(grains, caller, d.Id).GetAsync()));
        return TypedResults.Ok(new SegmentList(states.OfType<SegmentState>().Select(SegmentView.From).ToList()));
    }

    private static async Task<Results<Ok<SegmentView>, NotFound>> GetAsync(Guid id, Caller caller, IGrainFactory grains, SegmentCountRelay relay)
    {
        await SubscribeToCountsAsync(caller, relay);
        return await Segment(grains, caller, id).GetAsync() is { } state ? TypedResults.Ok(SegmentView.From(state)) : TypedResults.NotFound();
    }

    /// <summary>
    /// Before the counts are read, so no move between the read and the first push is missed; not for an agent, whose
    /// counts cover only their own customers and are not pushed.
    /// </summary>
    private static Task SubscribeToCountsAsync(Caller caller, SegmentCountRelay relay) =>
        caller.AssignedTo is null ? relay.EnsureSubscribedAsync(caller.Workspace) : Task.CompletedTask;

    private static async Task<Results<Created<SegmentView>, ProblemHttpResult>> CreateAsync(NewSegment body, Caller caller, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        var name = CheckName(body.Name, errors);
        var kind = body.Kind switch
        {
            null => body.Rules is null ? (SegmentKind?)null : SegmentKind.Dynamic,
            "dynamic" => SegmentKind.Dynamic,
            "static" => SegmentKind.Static,
            _ => null,
        };
        if (kind is null)
        {
            errors["kind"] = [body.Kind is null ? "Give rules for a dynamic segment, or kind \"static\" for hand-picked members." : "Must be \"dynamic\" or \"static\"."];
        }

        string? rulesJson = null;
        if (kind == SegmentKind.Dynamic)
        {
            rulesJson = CheckRules(body.Rules, errors);
            if (body.CustomerIds is not null)
            {
                errors["customer_ids"] = ["A dynamic segment's members follow its rules; only a static segment takes customer ids."];
            }
        }
        else if (kind == SegmentKind.Static && body.Rules is not null)
        {
            errors["rules"] = ["A static segment has hand-picked members, not rules."];
        }

        if (body.CustomerIds is { Count: > MaxPicked })
        {
            errors["customer_ids"] = [$"At most {MaxPicked} customers at a time."];
        }

        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var id = Guid.CreateVersion7();
        var result = await Segment(grains, caller, id).CreateAsync(name!, kind!.Value, rulesJson, body.CustomerIds?.Distinct().ToList() ?? [], caller.Change);
        return result.IsOk ? TypedResults.Created($"/api/v1/segments/{id}", SegmentView.From(result.Value!)) : result.ToProblem();
    }

    private static async Task<Results<Ok<SegmentView>, ProblemHttpResult>> UpdateAsync(Guid id, SegmentPatch body, Caller caller, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        var name = body.Name is null ? null : CheckName(body.Name, errors);
        var rulesJson = body.Rules is null ? null : CheckRules(body.Rules, errors);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var result = await Segment(grains, caller, id).UpdateAsync(new SegmentChanges(name, rulesJson), caller.Change);
        return result.IsOk ? TypedResults.Ok(SegmentView.From(result.Value!)) : result.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, Caller caller, IGrainFactory grains)
    {
        var result = await Segment(grains, caller, id).DeleteAsync(caller.Change);
        return result.IsOk ? TypedResults.NoContent() : result.ToProblem();
    }

    private static async Task<Results<Ok<SegmentView>, ProblemHttpResult>> ChangeMembersAsync(Guid id, SegmentMemberChanges body, Caller caller, IGrainFactory grains)
    {
        var add = body.Add ?? [];
        var remove = body.Remove ?? [];
        if (add.Count + remove.Count is 0 or > MaxPicked)
        {
            return Problem.Invalid("add", $"Give 1 to {MaxPicked} customer ids in add and remove together.");
        }

        var result = await Segment(grains, caller, id).ChangeMembersAsync(add.Distinct().ToList(), remove.Distinct().ToList(), caller.Change);
        return result.IsOk ? TypedResults.Ok(SegmentView.From(result.Value!)) : result.ToProblem();
    }

    private static async Task<Results<Ok<SegmentPreview>, ProblemHttpResult>> PreviewAsync(SegmentPreviewRequest body, Caller caller, SegmentStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var rulesJson = CheckRules(body.Rules, errors);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var rule = SegmentRuleParser.Parse(rulesJson!).Rule!;
        return TypedResults.Ok(new SegmentPreview(await store.PreviewCountAsync(caller.Workspace, rule, DateTimeOffset.UtcNow, caller.AssignedTo, cancellationToken)));
    }

    private static async Task<Results<Ok<CustomerPage>, ProblemHttpResult, NotFound>> MembersAsync(
        Guid id, Caller caller, HttpRequest request, IGrainFactory grains, CustomerQueries queries, CancellationToken cancellationToken)
    {
        var query = new QueryReader(request.Query);
        var at = query.Instant("at");
        var sort = query.Sort(CustomerQueries.Sortable, CustomerQueries.DefaultSort);
        var page = query.Page();
        if (!query.Complete())
        {
            return Problem.InvalidQuery(query.Errors);
        }

        if (await Segment(grains, caller, id).GetAsync() is null)
        {
            return TypedResults.NotFound();
        }

        try
        {
            var filter = new CustomerFilter { Segment = id, SegmentAt = at }.VisibleTo(caller);
            var result = await queries.ListAsync(caller.Workspace, filter, sort, page, cancellationToken);
            return TypedResults.Ok(new CustomerPage(result.Items.Select(Customer.From).ToList(), result.NextCursor, result.Total));
        }
        catch (InvalidCursorException e)
        {
            return Problem.InvalidQuery("cursor", e.Message, e.Message);
        }
    }

    private static ISegmentGrain Segment(IGrainFactory grains, Caller caller, Guid id) => grains.GetGrain<ISegmentGrain>(id, caller.Workspace.ToString());

    private static string? CheckName(string? name, Dictionary<string, string[]> errors)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxNameLength)
        {
            errors["name"] = [$"Required: 1 to {MaxNameLength} characters."];
            return null;
        }

        return trimmed;
    }

    /// <summary>The rules' JSON as stored, or errors keyed by the path of each bad node (rules/all/0/op).</summary>
    private static string? CheckRules(JsonElement? rules, Dictionary<string, string[]> errors)
    {
        if (rules is not { ValueKind: not JsonValueKind.Null } json)
        {
            errors["rules"] = ["Required: {\"all\": [...]}, {\"any\": [...]} or one {\"field\", \"op\", \"value\"} condition."];
            return null;
        }

        var (_, problems) = SegmentRuleParser.Parse(json);
        foreach (var (path, messages) in problems)
        {
            errors[path] = messages;
        }

        return problems.Count == 0 ? json.GetRawText() : null;
    }
}

/// <summary>The query parameters of GET /segments/{id}/members, for the OpenAPI document.</summary>
public sealed record SegmentMemberQueryDocs : ListQueryDocs
{
    [System.ComponentModel.Description("An instant (ISO 8601, e.g. 2026-01-01T00:00:00Z): who was a member then.")]
    public DateTimeOffset? At { get; init; }
}
