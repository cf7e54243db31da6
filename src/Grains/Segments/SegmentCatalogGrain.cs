using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Segments;
using SimpleCrm.Data.Segments;

namespace SimpleCrm.Grains.Segments;

/// <summary>
/// One per workspace: its segment definitions, loaded once and served from memory (read-only calls interleave) to the
/// customer grains that evaluate them on every change. Segment grains write through it.
/// </summary>
public sealed class SegmentCatalogGrain(SegmentStore store) : Grain, ISegmentCatalogGrain
{
    private List<SegmentDefinition> definitions = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        definitions = (await store.LoadAllAsync(new WorkspaceId(this.GetPrimaryKey()), cancellationToken)).ToList();

    public Task<IReadOnlyList<SegmentDefinition>> GetAsync() => Task.FromResult<IReadOnlyList<SegmentDefinition>>(definitions);

    public Task PutAsync(SegmentDefinition definition)
    {
        definitions = definitions.Where(d => d.Id != definition.Id).Append(definition).ToList();
        return Task.CompletedTask;
    }

    public Task RemoveAsync(Guid id)
    {
        definitions = definitions.Where(d => d.Id != id).ToList();
        return Task.CompletedTask;
    }
}
