using System.Globalization;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Segments;

/// <summary>
/// A segment's member count per day, from its membership history: the count of a day is who was a member at the
/// instant the day ends in the viewer's zone (as GET /segments/{id}/members?at= that instant lists them), or now for
/// today. Each entry and exit is bucketed into the first day whose end it precedes, and the days' counts are the running
/// sum: from the hourly rollup <c>segment_moves_hourly</c> for the whole workspace in a zone whose days are whole UTC
/// hours, else in one pass over the segment's stays.
/// </summary>
public sealed class SegmentCountHistory(CrmDatabase database)
{
    // A move at exactly midnight belongs to the day that ends then, hence the microsecond (timestamptz's resolution).
    // Moves before the first day fold into it, so its count carries everyone who was already in.
    private const string MovesPerDay = """
        with moves as (
            select m.entered_at as at, 1 as delta from segment_memberships m
            where m.workspace_id = @workspace and m.segment_id = @segment and m.entered_at <= @until {0}
            union all
            select m.left_at, -1 from segment_memberships m
            where m.workspace_id = @workspace and m.segment_id = @segment and m.left_at <= @until {0}
        )
        select to_char(greatest(((at - interval '1 microsecond') at time zone @tz)::date, @from::date), 'YYYY-MM-DD') as day, sum(delta)::bigint as delta
        from moves group by 1
        """;

    // The same per-day sums from the hourly rollup of the segment's moves (an hour keyed by its end holds the moves up
    // to and including it): exact when the zone's days are whole UTC hours. The hour that contains until holds only
    // moves already written, as until is now or a day's end.
    private const string MovesPerDayFromRollup = """
        select to_char(greatest(((r.hour_end - interval '1 microsecond') at time zone @tz)::date, @from::date), 'YYYY-MM-DD') as day, sum(r.members)::bigint as delta
        from segment_moves_hourly r
        where r.workspace_id = @workspace and r.segment_id = @segment and r.hour_end <= crm_segment_hour_end(@until)
        group by 1
        """;

    // An agent counts only the customers assigned to them now.
    private const string OwnersOnly = "and exists (select 1 from customers c where c.workspace_id = m.workspace_id and c.id = m.customer_id and c.owner_id = @owner)";

    /// <param name="days">Consecutive days in <paramref name="timeZone"/>, oldest first.</param>
    /// <param name="until">The end of the last day, or now when that is earlier (today has not ended).</param>
    /// <param name="hourAligned">The zone's days in the range start and end on whole UTC hours: the hourly rollup answers.</param>
    public async Task<IReadOnlyList<long>> CountsAsync(
        WorkspaceId workspace, Guid segment, IReadOnlyList<DateOnly> days, string timeZone, DateTimeOffset until, Guid? visibleToOwner, bool hourAligned,
        CancellationToken cancellationToken)
    {
        if (days.Count == 0)
        {
            return [];
        }

        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var sql = visibleToOwner is null && hourAligned
            ? MovesPerDayFromRollup
            : string.Format(CultureInfo.InvariantCulture, MovesPerDay, visibleToOwner is null ? "" : OwnersOnly);
        var moves = (await session.ReportQueryAsync<DayDelta>(sql, new
        {
            workspace = workspace.Value,
            segment,
            until = until.ToUniversalTime(),
            tz = timeZone,
            from = Iso(days[0]),
            owner = visibleToOwner,
        }, cancellationToken)).ToDictionary(d => d.Day, d => d.Delta);

        var counts = new List<long>(days.Count);
        long running = 0;
        foreach (var day in days)
        {
            running += moves.GetValueOrDefault(Iso(day));
            counts.Add(running);
        }

        return counts;
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class DayDelta
    {
        public string Day { get; set; } = "";
        public long Delta { get; set; }
    }
}
