using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using NodaTime;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Analytics;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Contracts.Segments;
using SimpleCrm.Data.Segments;

namespace SimpleCrm.Api.Segments;

/// <summary>GET /api/v1/segments/{id}/counts: a segment's member count per day of a range, from its membership history.</summary>
public static class SegmentCountEndpoints
{
    public static RouteHandlerBuilder MapSegmentCounts(this RouteGroupBuilder segments) =>
        segments.MapGet("/{id:guid}/counts", CountsAsync).WithName("SegmentCounts").WithQueryDocs<ReportQueryDocs>()
            .WithSummary("Member count per day (from and to: dates in tz, both included; default the last 30 days): who was a member when the day ended in tz, or now for today; days after today are left out. An agent counts only their own customers.")
            .Produces<AnalyticsReport<SegmentCountDay>>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .RequirePermission(Permission.CustomersRead);

    private static async Task<IResult> CountsAsync(Guid id, HttpContext http, Caller caller, IGrainFactory grains, SegmentCountHistory history, SegmentCountRelay relay)
    {
        var query = new QueryReader(http.Request.Query);
        var request = ReportRequest.Read(query, http.Request);
        if (!query.Complete() || request is null)
        {
            return Problem.InvalidQuery(query.Errors);
        }

        if (await grains.GetGrain<ISegmentGrain>(id, caller.Workspace.ToString()).GetAsync() is null)
        {
            return TypedResults.NotFound();
        }

        // The page showing the history shows the live count too.
        if (caller.AssignedTo is null)
        {
            await relay.EnsureSubscribedAsync(caller.Workspace);
        }

        var zone = DateTimeZoneProviders.Tzdb[request.TimeZone];
        var now = SystemClock.Instance.GetCurrentInstant();
        var last = LocalDate.Min(request.To, now.InZone(zone).Date);
        var days = new List<DateOnly>();
        for (var day = request.From; day <= last; day = day.PlusDays(1))
        {
            days.Add(day.ToDateOnly());
        }

        var end = Instant.Min(zone.AtStartOfDay(last.PlusDays(1)).ToInstant(), now).ToDateTimeOffset();
        IReadOnlyList<long> counts;
        try
        {
            var aligned = ReportRequest.HourAligned(zone, zone.AtStartOfDay(request.From).ToInstant(), Instant.FromDateTimeOffset(end));
            counts = await history.CountsAsync(caller.Workspace, id, days, request.TimeZone, end, caller.AssignedTo, aligned, http.RequestAborted);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidParameterValue && e.MessageText.Contains("time zone", StringComparison.Ordinal))
        {
            // A zone NodaTime knows but this PostgreSQL's zone data does not.
            return Problem.InvalidQuery("tz", "This time zone is not available for reports; choose another.");
        }

        var rows = days.Select((day, i) => new SegmentCountDay(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), counts[i])).ToList();
        if (request.Csv)
        {
            await ReportCsv.WriteAsync(http.Response, $"segment-counts-{ReportRequest.Iso(request.From)}-{ReportRequest.Iso(request.To)}", rows, http.RequestAborted);
            return Results.Empty;
        }

        return TypedResults.Ok(new AnalyticsReport<SegmentCountDay>(ReportRequest.Iso(request.From), ReportRequest.Iso(request.To), request.TimeZone, rows));
    }
}

/// <summary>One day of a segment's history: its members when the day ended (now, for today).</summary>
public sealed record SegmentCountDay(string Day, long MemberCount);
