using NodaTime;

namespace SimpleCrm.Domain.Reference;

/// <summary>IANA time zone ids, from the tz database NodaTime ships (no dependence on the host's zoneinfo).</summary>
public static class TimeZones
{
    public static readonly IReadOnlyList<string> All = DateTimeZoneProviders.Tzdb.Ids.Order(StringComparer.Ordinal).ToArray();

    public static bool IsKnown(string? id) => id is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is not null;
}
