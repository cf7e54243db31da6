using System.ComponentModel;
using System.Text.Json;
using SimpleCrm.Contracts.Segments;
using SimpleCrm.Data.Segments;

namespace SimpleCrm.Api.Segments;

/// <summary>A segment as the API shows it.</summary>
public sealed record SegmentView(
    Guid Id,
    string Name,
    [property: Description("dynamic (members follow the rules, live) or static (hand-picked)")] string Kind,
    [property: Description("The rules as given: {\"all\": [...]}, {\"any\": [...]} or {\"field\", \"op\", \"value\"}; null for a static segment.")] JsonElement? Rules,
    long MemberCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    public static SegmentView From(SegmentState state)
    {
        var d = state.Definition;
        JsonElement? rules = d.RulesJson is null ? null : JsonDocument.Parse(d.RulesJson).RootElement.Clone();
        return new SegmentView(d.Id, d.Name, SegmentStore.KindName(d.Kind), rules, state.MemberCount, d.CreatedAt, d.UpdatedAt, d.Version);
    }
}

public sealed record SegmentList(IReadOnlyList<SegmentView> Items);

public sealed record NewSegment(
    string? Name = null,
    [property: Description("dynamic (the default when rules are given) or static")] string? Kind = null,
    [property: Description("Required for a dynamic segment; see the rules reference in docs/api.md.")] JsonElement? Rules = null,
    [property: Description("A static segment's first members.")] IReadOnlyList<Guid>? CustomerIds = null);

/// <summary>A PATCH: only the fields sent change.</summary>
public sealed record SegmentPatch(string? Name = null, JsonElement? Rules = null);

public sealed record SegmentMemberChanges(IReadOnlyList<Guid>? Add = null, IReadOnlyList<Guid>? Remove = null);

public sealed record SegmentPreviewRequest(JsonElement? Rules);

public sealed record SegmentPreview([property: Description("Customers the rules match now (among the caller's own customers for an agent).")] long MemberCount);
