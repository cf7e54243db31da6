using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Customers;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Workspaces;
using SimpleCrm.Data.Activities;
using SimpleCrm.Data.Lists;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Api.Activities;

/// <summary>One entry of a customer's timeline, as the API and the hub's TimelineEntry event show it.</summary>
public sealed record TimelineEntryDocument(long Id, Guid CustomerId, DateTimeOffset OccurredAt, string Kind, Guid? EntityId, JsonElement Data)
{
    public static TimelineEntryDocument From(TimelineEntry entry)
    {
        using var data = JsonDocument.Parse(entry.DataJson);
        return new(entry.Id, entry.CustomerId, entry.OccurredAt, entry.Kind, entry.EntityId, data.RootElement.Clone());
    }
}

public sealed record TimelinePage(IReadOnlyList<TimelineEntryDocument> Items, string? NextCursor);

/// <summary>
/// GET /customers/{id}/timeline: newest first by (occurred_at, id). The first entries come from the customer's grain,
/// which holds the newest ones live; older pages come from SQL. The grain always holds the newest entries without a
/// gap, so a page that runs from memory into SQL continues strictly after the last entry it took: one order, no
/// entry twice, none skipped. The cursor is the position of the last entry shown.
/// </summary>
public static class TimelineEndpoints
{
    public const int DefaultLimit = 50;

    public static RouteGroupBuilder MapTimeline(this RouteGroupBuilder api)
    {
        var customer = api.MapGroup("/customers/{id:guid}").WithTags("Customers")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        customer.MapGet("/timeline", Get).RequirePermission(Permission.CustomersRead).WithName("GetCustomerTimeline").WithQueryDocs<TimelineQueryDocs>()
            .WithSummary("Everything that happened to the customer (activities, orders and their status changes, consents…), newest first; before=<next_cursor> pages back.");
        return customer;
    }

    private static async Task<Results<Ok<TimelinePage>, ProblemHttpResult>> Get(HttpContext http, IGrainFactory grains, TimelineQueries queries, Guid id)
    {
        var query = new QueryReader(http.Request.Query);
        var limit = query.Int("limit", 1, QueryReader.MaxLimit) ?? DefaultLimit;
        Position? before = null;
        if (query.Text("before", 200) is { } cursor)
        {
            before = Position.Decode(cursor);
            if (before is null)
            {
                query.Fail("before", "Not a cursor this API returned.");
            }
        }

        QueryStrictness.RefuseListParameters(http.Request.Query, query, except: []);
        if (!query.Complete())
        {
            return CommandResultHttp.FieldProblem(400, "Invalid query", "One or more query parameters are invalid.", query.Errors);
        }

        if (await http.FindVisibleAsync(grains, id) is null)
        {
            return CustomerEndpoints.NotFound(id);
        }

        var recent = await grains.GetCustomer(http.Workspace(), id).GetRecentTimelineAsync();
        var page = recent.Entries.Where(e => before is null || before.IsBefore(e)).Take(limit + 1).ToList();
        if (page.Count <= limit && !recent.IsComplete)
        {
            // Memory is used up: SQL continues strictly after the last entry taken (or after the cursor).
            var from = page.Count > 0 ? Position.Of(page[^1]) : before ?? (recent.Entries.Count > 0 ? Position.Of(recent.Entries[^1]) : null);
            page.AddRange(from is null
                ? await queries.RecentAsync(http.Workspace(), id, limit + 1 - page.Count, http.RequestAborted)
                : await queries.OlderThanAsync(http.Workspace(), id, from.OccurredAt, from.Id, limit + 1 - page.Count, http.RequestAborted));
        }

        var items = page.Take(limit).ToList();
        var next = page.Count > limit ? Position.Of(items[^1]).Encode() : null;
        return TypedResults.Ok(new TimelinePage(items.Select(TimelineEntryDocument.From).ToList(), next));
    }

    /// <summary>A place in the timeline's order: (occurred_at, id).</summary>
    private sealed record Position(DateTimeOffset OccurredAt, long Id)
    {
        private const string Tag = "timeline";

        public static Position Of(TimelineEntry entry) => new(entry.OccurredAt, entry.Id);

        /// <summary>True when <paramref name="entry"/> comes after this position (it is older).</summary>
        public bool IsBefore(TimelineEntry entry) => TimelineEntry.Compare(new TimelineEntry(Id, entry.CustomerId, OccurredAt, "", null, "{}"), entry) < 0;

        public string Encode() => KeysetPage.Encode([Tag, OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture), Id.ToString(CultureInfo.InvariantCulture)]);

        public static Position? Decode(string text) =>
            KeysetPage.TryDecode(text, out var values) && values.Count == 3 && values[0] == Tag
            && long.TryParse(values[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
            && long.TryParse(values[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? new Position(new DateTimeOffset(ticks, TimeSpan.Zero), id)
                : null;
    }
}
