using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Contracts.Segments;
using SimpleCrm.Data.Segments;

namespace SimpleCrm.Grains.Segments;

public sealed class SegmentOptions
{
    public const string Section = "Crm:Segments";

    /// <summary>How often each workspace's due time-based changes are swept; a member leaves at most this late.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// One per workspace that has time-based rules: every <see cref="SegmentOptions.SweepInterval"/> it reads the customers
/// due in segment_flips (an index range, however many customers there are) and has their grains re-evaluate. A
/// one-minute reminder brings it back after a restart or deactivation, so there is one reminder per workspace, never
/// one per customer per segment.
/// </summary>
public sealed class SegmentSweepGrain(SegmentStore store, IOptions<SegmentOptions> options, ILogger<SegmentSweepGrain> logger)
    : Grain, ISegmentSweepGrain, IRemindable
{
    private const string ReminderName = "segment-sweep";
    private const int Batch = 500;
    private IGrainTimer? timer;
    private WorkspaceId workspace;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        workspace = new WorkspaceId(this.GetPrimaryKey());
        timer = this.RegisterGrainTimer(async () => await SweepAsync(), new GrainTimerCreationOptions(options.Value.SweepInterval, options.Value.SweepInterval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public async Task StartAsync() => await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    public async Task<int> SweepAsync()
    {
        var total = 0;
        try
        {
            while (true)
            {
                var due = await store.DueFlipsAsync(workspace, Batch);
                await Task.WhenAll(due.Select(id => GrainFactory.GetCustomer(workspace, id).ReevaluateSegmentsAsync()));
                total += due.Count;
                if (due.Count < Batch)
                {
                    return total;
                }
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Segment sweep of workspace {Workspace} failed; the next one retries", workspace);
            return total;
        }
    }
}
