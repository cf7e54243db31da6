using System.Net;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Templates;

/// <summary>Workspaces share the provider's rate: a campaign in one must not hold back another's single mail.</summary>
public sealed class EmailFairnessTests : IAsyncLifetime
{
    private const int Campaign = 120;
    private readonly TestDatabase database = new();
    private readonly SmtpSink sink = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public async Task DisposeAsync()
    {
        await sink.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task A_mail_of_one_workspace_goes_out_while_another_workspace_is_mid_campaign()
    {
        await using var node = await ApiNode.StartAsync(database.ConnectionString, extra: new Dictionary<string, string?>
        {
            ["Crm:Mail:Smtp:Host"] = "127.0.0.1",
            ["Crm:Mail:Smtp:Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Crm:Mail:Smtp:UseTls"] = "false",
            ["Crm:Mail:PollInterval"] = "00:00:00.100",
            // A campaign of 120 takes 3 s at this rate: six turns of 20 messages.
            ["Crm:Mail:Smtp:MaxPerSecond"] = "40",
        });
        var tag = $"f{Guid.NewGuid():N}"[..12];
        var shopA = await node.UserAsync($"campaign-{tag}", "admin");
        var shopB = await node.UserAsync($"single-{tag}", "admin");
        var crmA = new CrmApiClient(shopA.Http);
        await Parallel.ForEachAsync(Enumerable.Range(0, Campaign), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await BulkEmailScenario.CustomerAsync(crmA, shopA.Http, $"a{i}-{tag}@example.com", "en", tag, consent: false));
        var single = await BulkEmailScenario.CustomerAsync(new CrmApiClient(shopB.Http), shopB.Http, $"b-{tag}@example.com", "en", tag, consent: false);

        var bulk = await shopA.Http.PostJsonAsync("/api/v1/emails/bulk",
            new { template_id = await BulkEmailScenario.TemplateAsync(shopA.Http), purpose = "service", filter = $"tag={tag}" });
        Assert.Equal(HttpStatusCode.Accepted, bulk.StatusCode);
        var job = (await bulk.JsonAsync()).GetProperty("id").GetGuid();
        await BulkEmailScenario.WaitAsync(shopA.Http, job, j => j.GetProperty("sent").GetInt32() > 0);

        var reset = await shopB.Http.PostJsonAsync($"/api/v1/customers/{single}/emails",
            new { subject = "Your order", body_text = "It has shipped.", purpose = "transactional" });
        Assert.Equal(HttpStatusCode.Accepted, reset.StatusCode);
        var atPost = sink.Received.Count;
        await Eventually.TrueAsync(() => sink.Received.Any(m => m.To.Mailboxes.Any(a => a.Address == $"b-{tag}@example.com")), "the other workspace's mail is sent");
        var campaignSentMeanwhile = sink.Received.Count(m => m.To.Mailboxes.Any(a => a.Address.StartsWith('a') && a.Address.EndsWith($"-{tag}@example.com", StringComparison.Ordinal)));

        var order = string.Concat(sink.Received.Select(m => m.To.Mailboxes.First().Address[0]));
        Assert.True(campaignSentMeanwhile < Campaign, $"the single mail waited for the whole campaign ({campaignSentMeanwhile} of {Campaign} sent first; {atPost} at the sink when it was queued): {order}");
        var done = await BulkEmailScenario.WaitAsync(shopA.Http, job, j => j.GetProperty("sent").GetInt32() == Campaign, TimeSpan.FromSeconds(60));
        Assert.Equal("done", done.GetProperty("status").GetString());
    }
}
