using Microsoft.Extensions.Logging;
using Orleans.Streams;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Segments;
using SimpleCrm.Data.Segments;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Domain.Segments;

namespace SimpleCrm.Grains.Segments;

/// <summary>
/// One segment (segment id + workspace): the writer of its definition and static members. It keeps the member count in
/// memory: counted through the open-stay index on activation and after bulk changes, moved by the customers' grains as
/// they enter and leave in between. A changed count is pushed to the workspace's screens at most once per
/// <see cref="PushEvery"/>, so a thousand members moving at once make one push, not a thousand.
/// </summary>
public sealed class SegmentGrain(SegmentStore store, ILogger<SegmentGrain> logger) : Grain, ISegmentGrain
{
    private WorkspaceId workspace;
    private Guid id;
    private SegmentDefinition? current;
    private long members;
    private long? pushed;
    private IGrainTimer? pushTimer;

    public static readonly TimeSpan PushEvery = TimeSpan.FromMilliseconds(250);

    private ISegmentCatalogGrain Catalog => GrainFactory.GetGrain<ISegmentCatalogGrain>(workspace.Value);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        id = this.GetPrimaryKey(out var extension);
        workspace = WorkspaceId.Parse(extension ?? throw new InvalidOperationException("A segment grain key must carry its workspace."));
        current = await store.FindAsync(workspace, id, cancellationToken);
        members = current is null ? 0 : await store.CountAsync(workspace, id, cancellationToken);
    }

    public Task<SegmentState?> GetAsync() => Task.FromResult(current is null ? null : new SegmentState(current, members));

    public async Task<CommandResult<SegmentState>> CreateAsync(string name, SegmentKind kind, string? rulesJson, IReadOnlyList<Guid> initialMembers, ChangeContext context)
    {
        if (current is not null)
        {
            return CommandResult<SegmentState>.Conflict("id", $"Segment {id} already exists.");
        }

        var rule = rulesJson is null ? null : SegmentRuleParser.Parse(rulesJson).Rule;
        var now = DatabaseClock.Now();
        var created = new SegmentDefinition(id, name, kind, rulesJson, now, now, 1);
        try
        {
            await store.CreateAsync(workspace, created, rule, initialMembers, context);
        }
        catch (Exception e) when (SegmentStore.IsDuplicateName(e))
        {
            return DuplicateName(name);
        }

        current = created;
        members = await store.CountAsync(workspace, id);
        pushed = 0;
        SchedulePush();
        await Catalog.PutAsync(created);
        await StartSweepingIfTimed(rule);
        return CommandResult<SegmentState>.Ok(new SegmentState(created, members));
    }

    public async Task<CommandResult<SegmentState>> UpdateAsync(SegmentChanges changes, ChangeContext context)
    {
        if (current is null)
        {
            return CommandResult<SegmentState>.NotFound($"Segment {id} does not exist.");
        }

        if (changes.RulesJson is not null && current.Kind == SegmentKind.Static)
        {
            return CommandResult<SegmentState>.Invalid(new Dictionary<string, string[]> { ["rules"] = ["A static segment has hand-picked members, not rules."] });
        }

        var rule = changes.RulesJson is null ? null : SegmentRuleParser.Parse(changes.RulesJson).Rule;
        var updated = current with
        {
            Name = changes.Name ?? current.Name,
            RulesJson = changes.RulesJson ?? current.RulesJson,
            UpdatedAt = DatabaseClock.Now(),
            Version = current.Version + 1,
        };
        try
        {
            if (!await store.UpdateAsync(workspace, current, updated, rule, context))
            {
                current = await store.FindAsync(workspace, id);
                return CommandResult<SegmentState>.Conflict("version", "The segment was changed at the same time. Reload and try again.", FieldCodes.ChangedConcurrently);
            }
        }
        catch (Exception e) when (SegmentStore.IsDuplicateName(e))
        {
            return DuplicateName(updated.Name);
        }

        current = updated;
        if (rule is not null)
        {
            members = await store.CountAsync(workspace, id);
            SchedulePush();
        }

        await Catalog.PutAsync(updated);
        await StartSweepingIfTimed(rule);
        return CommandResult<SegmentState>.Ok(new SegmentState(updated, members));
    }

    public async Task<CommandResult<SegmentState>> DeleteAsync(ChangeContext context)
    {
        if (current is null)
        {
            return CommandResult<SegmentState>.NotFound($"Segment {id} does not exist.");
        }

        var deleted = current;
        await store.DeleteAsync(workspace, deleted, context);
        await Catalog.RemoveAsync(id);
        current = null;
        members = 0;
        DeactivateOnIdle();
        return CommandResult<SegmentState>.Ok(new SegmentState(deleted, 0));
    }

    public async Task<CommandResult<SegmentState>> ChangeMembersAsync(IReadOnlyList<Guid> add, IReadOnlyList<Guid> remove, ChangeContext context)
    {
        if (current is null)
        {
            return CommandResult<SegmentState>.NotFound($"Segment {id} does not exist.");
        }

        if (current.Kind != SegmentKind.Static)
        {
            return CommandResult<SegmentState>.Conflict("id", "A dynamic segment's members follow its rules; only a static segment's are picked by hand.");
        }

        await store.ChangeMembersAsync(workspace, current, add, remove, context);
        members = await store.CountAsync(workspace, id);
        SchedulePush();
        return CommandResult<SegmentState>.Ok(new SegmentState(current, members));
    }

    public Task MembersMovedAsync(int delta)
    {
        if (current is not null)
        {
            members = Math.Max(0, members + delta);
            SchedulePush();
        }

        return Task.CompletedTask;
    }

    /// <summary>Trailing-edge coalescing: the first move arms a one-shot timer; moves until it fires only change the count it sends.</summary>
    private void SchedulePush()
    {
        pushTimer ??= this.RegisterGrainTimer(PushAsync, new GrainTimerCreationOptions(PushEvery, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task PushAsync(CancellationToken cancellationToken)
    {
        pushTimer?.Dispose();
        pushTimer = null;
        if (current is null || pushed == members)
        {
            return;
        }

        var count = members;
        try
        {
            await this.GetStreamProvider(CrmStreams.Provider)
                .GetStream<SegmentCountChanged>(StreamId.Create(SegmentStreams.Counts, workspace.Value))
                .OnNextAsync(new SegmentCountChanged(workspace.Value, id, count));
            pushed = count;
        }
        catch (Exception e)
        {
            // Screens show the count they last read; the next move or reload brings them up to date.
            logger.LogWarning(e, "The member count of segment {Segment} was not pushed", id);
        }
    }

    private async Task StartSweepingIfTimed(SegmentRule? rule)
    {
        if (rule is not null && SegmentFields.DependsOnTime(rule))
        {
            try
            {
                await GrainFactory.GetGrain<ISegmentSweepGrain>(workspace.Value).StartAsync();
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The time sweep of workspace {Workspace} did not start", workspace);
            }
        }
    }

    private static CommandResult<SegmentState> DuplicateName(string name) =>
        CommandResult<SegmentState>.Conflict("name", $"Another segment in this workspace is already called '{name}'.", FieldCodes.AlreadyExists);
}
