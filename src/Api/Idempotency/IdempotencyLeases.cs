using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Idempotency;

namespace SimpleCrm.Api.Idempotency;

/// <summary>
/// The Idempotency-Key claims whose requests run on this node. Their leases are renewed every third of the lease
/// while they run, so a live request keeps its key however long it takes, and a dead node's claims lapse within one
/// lease. A request shorter than a third of the lease costs no renewal at all.
/// </summary>
public sealed class IdempotencyLeases(IdempotencyStore store, IOptionsMonitor<IdempotencyOptions> options, ILogger<IdempotencyLeases> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<(WorkspaceId Workspace, HeldClaim Claim), byte> held = new();

    public void Hold(WorkspaceId workspace, HeldClaim claim) => held[(workspace, claim)] = 0;

    public void Drop(WorkspaceId workspace, HeldClaim claim) => held.TryRemove((workspace, claim), out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var lease = options.CurrentValue.InFlight;
                await Task.Delay(TimeSpan.FromTicks(Math.Max(lease.Ticks / 3, TimeSpan.TicksPerSecond / 10)), stoppingToken);
                foreach (var workspace in held.Keys.GroupBy(h => h.Workspace, h => h.Claim))
                {
                    try
                    {
                        await store.RenewAsync(workspace.Key, workspace.ToList(), lease, stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // The next round tries again; until then the claims' leases keep running.
                        logger.LogWarning(e, "Renewing Idempotency-Key claims failed");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
