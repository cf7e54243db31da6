using Dapper;
using SimpleCrm.Api.Problems;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Commerce;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Commerce;

/// <summary>
/// An acknowledged event never becomes a dead letter because the system was down: failures of the cluster or the
/// database are tried again however often they happen, at most a minute apart; only the event's own failures count
/// towards <see cref="CommerceInbox.MaxAttempts"/>.
/// </summary>
public sealed class InboxRetryTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private CommerceInbox inbox = null!;
    private WorkspaceId workspace;
    private Guid shopId;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        workspace = (await database.CreateWorkspaceAsync("inbox-retry")).WorkspaceId;
        var shop = await new CommerceShopStore(database.Database).InsertAsync(workspace, new CommerceShop
        {
            Id = Guid.NewGuid(), WorkspaceId = workspace.Value, Platform = "shopify", Domain = "retry.myshopify.com", SourceKey = "shopify:retry",
            WebhookSecretProtected = "not-used", CreatedAt = DateTimeOffset.UtcNow,
        });
        shopId = shop.Id;
        inbox = new CommerceInbox(database.Database);
        Assert.True(await inbox.InsertAsync(new InboxEntry(workspace.Value, shopId, "orders/create", "event-1", "order:1", DateTimeOffset.UtcNow, "{}", "{}"u8.ToArray())));
    }

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task Outage_failures_keep_the_event_pending_past_the_attempt_limit_and_its_own_failure_then_makes_it_dead()
    {
        var outage = new InvalidOperationException("wrapped", new Orleans.Runtime.SiloUnavailableException("silo 1 is gone"));
        Assert.True(ClusterFaults.IsUnavailable(outage));
        Assert.False(ClusterFaults.IsUnavailable(new InvalidOperationException("order.id is missing")));

        for (var attempt = 1; attempt <= CommerceInbox.MaxAttempts + 3; attempt++)
        {
            await FailOnceAsync(transient: true);
            var (status, attempts, wait) = await StateAsync();
            Assert.Equal(("pending", attempt), (status, attempts));
            Assert.InRange(wait, 0, CommerceInbox.MaxRetryDelaySeconds + 1); // 2, 4, … but never more than a minute
        }

        Assert.Equal(CommerceInbox.MaxRetryDelaySeconds, (await StateAsync()).Wait, 1.0);
        await FailOnceAsync(transient: false);
        Assert.Equal("dead", (await StateAsync()).Status);
    }

    [Fact]
    public async Task The_events_own_failures_make_it_dead_after_the_attempt_limit()
    {
        for (var attempt = 1; attempt <= CommerceInbox.MaxAttempts; attempt++)
        {
            await FailOnceAsync(transient: false);
            Assert.Equal(attempt < CommerceInbox.MaxAttempts ? "pending" : "dead", (await StateAsync()).Status);
        }
    }

    [Fact]
    public async Task After_an_outage_the_entitys_later_events_wait_untried_and_an_events_own_failure_does_not_stop_the_next()
    {
        static InboxEvent Event(long id) => new() { Id = id, Topic = "orders/updated", EntityKey = "order:1" };
        var tried = new List<long>();
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<InboxOutcome>();
        await SimpleCrm.Api.Commerce.CommerceDrain.ApplyInOrderAsync([Event(1), Event(2), Event(3), Event(4)], (e, _) =>
        {
            tried.Add(e.Id);
            return e.Id switch
            {
                1 => throw new InvalidOperationException("order.id is missing"),
                2 => throw new Orleans.Runtime.SiloUnavailableException("silo 1 is gone"),
                _ => Task.CompletedTask,
            };
        }, outcomes, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None);

        Assert.Equal([1L, 2L], tried);
        var byId = outcomes.ToDictionary(o => o.Id);
        Assert.Equal(4, byId.Count);
        Assert.False(byId[1].Transient);
        Assert.True(byId[2].Transient);
        Assert.All(new[] { byId[3], byId[4] }, o =>
        {
            Assert.True(o.Transient);
            Assert.StartsWith("Not tried: event 2", o.Error);
        });
    }

    /// <summary>Claims the event (made due first) and records one failed attempt with a first delay of 2 s.</summary>
    private async Task FailOnceAsync(bool transient)
    {
        await using (var session = await database.Database.BeginAsync(workspace))
        {
            await session.ExecuteAsync("update commerce_inbox set next_attempt_at = now() where shop_id = @shopId", new { shopId });
            await session.CommitAsync();
        }

        await using var batch = await inbox.ClaimAsync(10);
        var claimed = Assert.Single(batch!.Events);
        await batch.CompleteAsync([new InboxOutcome(claimed.Id, "SomeException: failed", transient)], retryDelaySeconds: 2);
    }

    private async Task<(string Status, int Attempts, double Wait)> StateAsync()
    {
        await using var session = await database.Database.BeginAsync(workspace);
        return await session.QuerySingleOrDefaultAsync<(string, int, double)>(
            "select status, attempts, extract(epoch from next_attempt_at - now())::float8 from commerce_inbox where shop_id = @shopId", new { shopId });
    }
}
