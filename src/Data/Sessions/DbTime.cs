namespace SimpleCrm.Data.Sessions;

/// <summary>Npgsql reads timestamptz as UTC DateTime; the domain speaks DateTimeOffset.</summary>
internal static class DbTime
{
    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? Utc(DateTime? value) => value is null ? null : Utc(value.Value);
}

/// <summary>
/// Lets Dapper read timestamptz (a UTC DateTime in Npgsql) into DateTimeOffset properties and record
/// constructors, and write DateTimeOffset parameters as UTC.
/// </summary>
public sealed class UtcDateTimeOffsetHandler : Dapper.SqlMapper.TypeHandler<DateTimeOffset>
{
    public override DateTimeOffset Parse(object value) => value switch
    {
        DateTime dateTime => DbTime.Utc(dateTime),
        DateTimeOffset offset => offset,
        _ => throw new InvalidCastException($"Cannot read {value.GetType()} as DateTimeOffset."),
    };

    public override void SetValue(System.Data.IDbDataParameter parameter, DateTimeOffset value) => parameter.Value = value.ToUniversalTime();
}
