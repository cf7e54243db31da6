using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Orleans.Streams;
using SimpleCrm.Api.Realtime;
using SimpleCrm.Contracts.Analytics;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Analytics;

/// <summary>
/// Forwards a workspace's live revenue changes (published by its day grains on any silo) to this node's browsers of
/// that workspace that see every customer (the workspace group: agents are not in it). A node subscribes once a
/// dashboard of the workspace has loaded the figures from it.
/// </summary>
public sealed class RevenueRelay(IClusterClient cluster, IHubContext<CrmHub> hub, ILogger<RevenueRelay> logger)
{
    public const string RevenueChangedEvent = "RevenueChanged";

    private readonly ConcurrentDictionary<WorkspaceId, Lazy<Task>> subscribed = new();

    public async Task EnsureSubscribedAsync(WorkspaceId workspace)
    {
        var subscription = subscribed.GetOrAdd(workspace, w => new Lazy<Task>(() => SubscribeAsync(w)));
        try
        {
            await subscription.Value;
        }
        catch
        {
            subscribed.TryRemove(workspace, out _);
            throw;
        }
    }

    private async Task SubscribeAsync(WorkspaceId workspace)
    {
        logger.LogInformation("Relaying live revenue of workspace {Workspace}", workspace);
        await cluster.GetStreamProvider(CrmStreams.Provider)
            .GetStream<RevenueChanged>(StreamId.Create(AnalyticsStreams.Revenue, workspace.Value))
            .SubscribeAsync((changed, _) => changed.Workspace == workspace.Value
                ? hub.Clients.Group(CrmHub.WorkspaceGroup(workspace)).SendAsync(RevenueChangedEvent, LiveRevenueDay.From(changed.Day, changed.Cells))
                : Task.CompletedTask);
    }
}

/// <summary>One UTC day of live revenue, per country and currency.</summary>
public sealed record LiveRevenueDay(string Day, IReadOnlyList<LiveRevenueCell> Rows)
{
    public static LiveRevenueDay From(string day, IEnumerable<RevenueCell> cells) =>
        new(day, cells.Select(c => new LiveRevenueCell(c.CountryCode.Length == 0 ? null : c.CountryCode, c.Currency, c.Orders,
            SimpleCrm.Domain.Money.MoneyRounding.Round(c.Revenue, c.Currency), SimpleCrm.Domain.Money.MoneyRounding.Round(c.RevenueUsd, "USD"), c.UsdPendingOrders)).ToList());
}

/// <param name="CountryCode">The orders' shipping country; null when they name none.</param>
public sealed record LiveRevenueCell(string? CountryCode, string Currency, int Orders, decimal Revenue, decimal RevenueUsd, int UsdPendingOrders);

/// <summary>The UTC days asked for, each with its figures (days without revenue have no rows).</summary>
public sealed record LiveRevenue(string From, string To, IReadOnlyList<LiveRevenueDay> Days);
