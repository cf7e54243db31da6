namespace SimpleCrm.Contracts.Common;

/// <summary>Who asked for a change and from where; written to the audit row of that change.</summary>
[GenerateSerializer, Immutable, Alias("crm.ChangeContext")]
public sealed record ChangeContext(
    [property: Id(0)] string Actor,
    [property: Id(1)] string? RequestId,
    [property: Id(2)] string? RemoteAddress)
{
    public static ChangeContext System(string reason) => new($"system:{reason}", null, null);
}
