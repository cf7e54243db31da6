using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Commerce;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Commerce;

/// <summary>
/// A node drains in several rounds at once; each claims only its share of the entities, so one entity's events are
/// never split between two rounds (which could apply them at the same time, or a later one first).
/// </summary>
public sealed class InboxRoundsTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task Rounds_claim_disjoint_entities_and_together_every_event_each_entitys_events_in_one_round()
    {
        var workspace = (await database.CreateWorkspaceAsync("inbox-rounds")).WorkspaceId;
        var shop = await new CommerceShopStore(database.Database).InsertAsync(workspace, new CommerceShop
        {
            Id = Guid.NewGuid(), WorkspaceId = workspace.Value, Platform = "shopify", Domain = "rounds.myshopify.com", SourceKey = "shopify:rounds",
            WebhookSecretProtected = "not-used", CreatedAt = DateTimeOffset.UtcNow,
        });
        var inbox = new CommerceInbox(database.Database);
        const int entities = 40, perEntity = 3;
        for (var n = 0; n < perEntity; n++)
        {
            for (var entity = 0; entity < entities; entity++)
            {
                Assert.True(await inbox.InsertAsync(new InboxEntry(
                    workspace.Value, shop.Id, "orders/updated", $"event-{entity}-{n}", $"order:{entity}", DateTimeOffset.UtcNow, "{}", "{}"u8.ToArray())));
            }
        }

        // Both rounds hold their claims at once, as the drain's rounds do.
        await using var first = await inbox.ClaimAsync(1_000, round: 0, rounds: 2);
        await using var second = await inbox.ClaimAsync(1_000, round: 1, rounds: 2);
        await using var again = await inbox.ClaimAsync(1_000, round: 0, rounds: 2);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(again); // round 0's share is all claimed; it never takes round 1's

        var firstKeys = first.Events.Select(e => e.EntityKey).ToHashSet();
        var secondKeys = second.Events.Select(e => e.EntityKey).ToHashSet();
        Assert.Empty(firstKeys.Intersect(secondKeys));
        Assert.InRange(firstKeys.Count, 1, entities - 1);
        Assert.Equal(entities * perEntity, first.Events.Count + second.Events.Count);
        Assert.Equal(entities, firstKeys.Count + secondKeys.Count);
        Assert.All(first.Events.Concat(second.Events).GroupBy(e => e.EntityKey), g => Assert.Equal(perEntity, g.Count()));
        Assert.Equal(first.Events.Select(e => e.Id).Order(), first.Events.Select(e => e.Id));
    }
}
