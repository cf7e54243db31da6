using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Contracts.Segments;

public enum SegmentKind
{
    /// <summary>Members are the customers the rules match, kept live.</summary>
    Dynamic,

    /// <summary>Members are hand-picked.</summary>
    Static,
}

/// <summary>A segment as stored: rules (dynamic) as the JSON the API took, already validated.</summary>
[GenerateSerializer, Immutable, Alias("crm.SegmentDefinition")]
public sealed record SegmentDefinition(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] SegmentKind Kind,
    [property: Id(3)] string? RulesJson,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset UpdatedAt,
    [property: Id(6)] int Version);

/// <summary>A segment with its current member count.</summary>
[GenerateSerializer, Immutable, Alias("crm.SegmentState")]
public sealed record SegmentState([property: Id(0)] SegmentDefinition Definition, [property: Id(1)] long MemberCount);

/// <summary>Changes to a segment; null leaves a part as it is.</summary>
[GenerateSerializer, Immutable, Alias("crm.SegmentChanges")]
public sealed record SegmentChanges([property: Id(0)] string? Name, [property: Id(1)] string? RulesJson);

/// <summary>
/// One segment (segment id + workspace): the one writer of its definition and of its static members, and the keeper of
/// its live member count, which customers' grains move as they enter and leave.
/// </summary>
public interface ISegmentGrain : IGrainWithGuidCompoundKey
{
    Task<SegmentState?> GetAsync();

    Task<CommandResult<SegmentState>> CreateAsync(string name, SegmentKind kind, string? rulesJson, IReadOnlyList<Guid> members, ChangeContext context);

    Task<CommandResult<SegmentState>> UpdateAsync(SegmentChanges changes, ChangeContext context);

    Task<CommandResult<SegmentState>> DeleteAsync(ChangeContext context);

    /// <summary>Hand-picks customers into (or out of) a static segment.</summary>
    Task<CommandResult<SegmentState>> ChangeMembersAsync(IReadOnlyList<Guid> add, IReadOnlyList<Guid> remove, ChangeContext context);

    /// <summary>A customer's grain committed entering (+1) or leaving (−1).</summary>
    Task MembersMovedAsync(int delta);
}

/// <summary>
/// One per workspace: every segment's definition, served from memory to the customers' grains that evaluate them on
/// each change. Written only by segment grains.
/// </summary>
public interface ISegmentCatalogGrain : IGrainWithGuidKey
{
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<SegmentDefinition>> GetAsync();

    Task PutAsync(SegmentDefinition definition);

    Task RemoveAsync(Guid id);
}

/// <summary>
/// One per workspace: sweeps the customers whose segments time alone changes (segment_flips) and has their grains
/// re-evaluate. A reminder keeps it alive; a timer does the sweeping.
/// </summary>
public interface ISegmentSweepGrain : IGrainWithGuidKey
{
    Task StartAsync();

    /// <summary>Runs one sweep now; answers how many customers were due.</summary>
    Task<int> SweepAsync();
}
