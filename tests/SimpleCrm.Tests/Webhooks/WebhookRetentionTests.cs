using System.Net;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Webhooks;

/// <summary>A node that keeps finished deliveries for a day and cleans up every 200 ms.</summary>
public sealed class WebhookRetentionFixture() : ApiFixture(new Dictionary<string, string?>
{
    ["Crm:Webhooks:AllowPrivateTargets"] = "true",
    ["Crm:Webhooks:PollInterval"] = "00:00:00.050",
    ["Crm:Webhooks:KeepDeliveriesFor"] = "1.00:00:00",
    ["Crm:Webhooks:CleanupInterval"] = "00:00:00.200",
});

/// <summary>The delivery log forgets finished deliveries after the configured time, and keeps newer ones.</summary>
public sealed class WebhookRetentionTests(WebhookRetentionFixture api) : IClassFixture<WebhookRetentionFixture>
{
    [Fact]
    public async Task Finished_deliveries_older_than_the_retention_are_removed_with_their_attempts_and_newer_ones_stay()
    {
        var admin = await api.Node.UserAsync($"keep-{Guid.NewGuid():N}"[..20], "admin");
        var crm = new CrmApiClient(admin.Http);
        await using var receiver = await WebhookReceiver.StartAsync(_ => 200);
        var subscribed = await admin.Http.PostJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "customer.created" } });
        Assert.True(subscribed.StatusCode == HttpStatusCode.Created, await subscribed.Content.ReadAsStringAsync());
        var subscription = (await subscribed.JsonAsync()).GetProperty("id").GetGuid();
        await crm.CreateCustomerAsync("old@example.com", first: "Olga");
        await crm.CreateCustomerAsync("new@example.com", first: "Nina");
        await WebhookReceiver.EventuallyAsync(async () => await CountAsync(admin, "select count(*)::int from webhook_deliveries where status = 'succeeded'") == 2, "both deliveries");

        // One delivery finished two days ago (longer than the day kept), the other just now.
        await CountAsync(admin, """
            update webhook_deliveries set created_at = now() - interval '2 days', completed_at = now() - interval '2 days'
            where id = (select id from webhook_deliveries order by created_at limit 1)
            returning 1
            """);
        await WebhookReceiver.EventuallyAsync(async () => await CountAsync(admin, "select count(*)::int from webhook_deliveries") == 1, "the old delivery to go");

        Assert.Equal(1, await CountAsync(admin, "select count(*)::int from webhook_attempts"));
        var log = (await crm.GetAsync($"/api/v1/webhooks/{subscription}/deliveries")).GetProperty("items");
        Assert.Equal(1, log.GetArrayLength());
        Assert.Equal("succeeded", log[0].GetProperty("status").GetString());
    }

    private async Task<int> CountAsync(TestUser user, string sql)
    {
        await using var session = await api.Database.Database.BeginAsync(user.Workspace);
        var result = await session.QuerySingleOrDefaultAsync<int>(sql);
        await session.CommitAsync();
        return result;
    }
}
