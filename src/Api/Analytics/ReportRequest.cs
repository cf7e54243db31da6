using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Lists;
using SimpleCrm.Data.Analytics;

namespace SimpleCrm.Api.Analytics;

/// <summary>
/// The parameters every report shares: from and to (calendar dates, both included, in the zone tz; default the last
/// 30 days), tz (IANA, default UTC) and format (json or csv; Accept: text/csv also asks for CSV).
/// </summary>
public sealed record ReportRequest(LocalDate From, LocalDate To, string TimeZone, bool Csv)
{
    public const int MaxDays = 3_660;

    /// <summary>The instants the range covers: from the start of From's day to the start of the day after To, in the zone (DST-aware).</summary>
    public ReportWindow Window(Caller caller)
    {
        var zone = DateTimeZoneProviders.Tzdb[TimeZone];
        var from = zone.AtStartOfDay(From).ToInstant();
        var to = zone.AtStartOfDay(To.PlusDays(1)).ToInstant();
        return new ReportWindow(from.ToDateTimeUtc(), to.ToDateTimeUtc(), TimeZone, caller.AssignedTo, HourAligned(zone, from, to));
    }

    /// <summary>Whether every offset the zone has in [from, to) is whole hours and changes on a whole UTC hour: then its days are whole UTC hours.</summary>
    public static bool HourAligned(DateTimeZone zone, Instant from, Instant to) =>
        zone.GetZoneIntervals(from, to).All(interval =>
            interval.WallOffset.Seconds % 3600 == 0 && (!interval.HasStart || interval.Start.ToUnixTimeSeconds() % 3600 == 0));

    public static ReportRequest? Read(QueryReader query, HttpRequest request)
    {
        var tz = query.Text("tz", 64) ?? "UTC";
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(tz);
        if (zone is null)
        {
            query.Fail("tz", "An IANA time zone, e.g. Europe/Berlin.");
        }

        var today = SystemClock.Instance.GetCurrentInstant().InZone(zone ?? DateTimeZone.Utc).Date;
        var to = Date(query, "to") ?? today;
        var from = Date(query, "from") ?? to.PlusDays(-29);
        if (from > to)
        {
            query.Fail("to", "On or after from.");
        }
        else if (Period.Between(from, to, PeriodUnits.Days).Days >= MaxDays)
        {
            query.Fail("from", $"The range covers at most {MaxDays} days.");
        }

        var format = query.Text("format", 10)?.ToLowerInvariant();
        if (format is not (null or "csv" or "json"))
        {
            query.Fail("format", "csv or json.");
        }

        var csv = format == "csv" || (format is null && request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true));
        return zone is null ? null : new ReportRequest(from, to, tz, csv);
    }

    private static LocalDate? Date(QueryReader query, string name)
    {
        if (query.Text(name, 10) is not { } text)
        {
            return null;
        }

        var parsed = LocalDatePattern.Iso.Parse(text);
        if (!parsed.Success || parsed.Value.Year < 1900 || parsed.Value.Year > 2999)
        {
            query.Fail(name, "A date, YYYY-MM-DD.");
            return null;
        }

        return parsed.Value;
    }

    public static string Iso(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
