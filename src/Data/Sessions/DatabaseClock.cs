namespace SimpleCrm.Data.Sessions;

/// <summary>Timestamps at PostgreSQL's microsecond precision, so a reloaded row equals the grain's copy.</summary>
public static class DatabaseClock
{
    public static DateTimeOffset Now()
    {
        var ticks = DateTimeOffset.UtcNow.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % 10), TimeSpan.Zero);
    }
}
