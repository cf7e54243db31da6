using Microsoft.AspNetCore.SignalR;
using SimpleCrm.Api.Realtime;
using SimpleCrm.Contracts.Analytics;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Analytics;

/// <summary>
/// Forwards a workspace's live revenue changes (published by its day grains on any silo) to this node's dashboards of
/// that workspace. A node subscribes once a dashboard of the workspace has loaded the figures from it.
/// </summary>
public sealed class RevenueRelay(IClusterClient cluster, IHubContext<CrmHub> hub, ILogger<RevenueRelay> logger)
    : WorkspaceStreamRelay<RevenueChanged>(cluster, hub, logger, AnalyticsStreams.Revenue, "live revenue")
{
    public const string RevenueChangedEvent = "RevenueChanged";

    protected override Guid WorkspaceOf(RevenueChanged published) => published.Workspace;

    protected override Task ForwardAsync(IClientProxy browsers, RevenueChanged published) =>
        browsers.SendAsync(RevenueChangedEvent, LiveRevenueDay.From(published.Day, published.Cells));
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
