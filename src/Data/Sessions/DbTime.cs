namespace SimpleCrm.Data.Sessions;

/// <summary>Npgsql reads timestamptz as UTC DateTime; the domain speaks DateTimeOffset.</summary>
internal static class DbTime
{
    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? Utc(DateTime? value) => value is null ? null : Utc(value.Value);
}
