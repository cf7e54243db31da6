using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Activities;

/// <summary>
/// GET /customers/{id}/timeline: the newest entries come from the customer's grain, older ones from SQL; whatever the
/// page size, the pages together are exactly the SQL order, with no entry twice and none missing at the seam.
/// </summary>
public sealed class TimelineTests(ApiFixture api) : ActivityTest(api, "tl")
{
    [Fact]
    public async Task Pages_run_from_the_grains_memory_into_sql_in_one_order_without_repeats_or_gaps()
    {
        var customer = await CustomerAsync();
        for (var i = 0; i < 64; i++)
        {
            await ActivityAsync(new { customer_id = customer, type = i % 3 == 0 ? "call" : "note", subject = $"Touch {i}" });
        }

        await Crm.CreateOrderAsync(customer, $"TL-{Guid.NewGuid():N}"[..12], "PLN", 99m);
        var consent = await Http.PostJsonAsync($"/api/v1/customers/{customer}/consents", new { purpose = "marketing_email", granted = true, source = "phone", text_version = "v1" });
        Assert.Equal(HttpStatusCode.Created, consent.StatusCode);

        var truth = await TruthAsync(customer);
        Assert.Equal(66, truth.Count);
        // The consent was written without telling the grain; the grain finds it by its id all the same.
        Assert.Equal("consent.recorded", (await Crm.GetAsync($"/api/v1/customers/{customer}/timeline?limit=1")).GetProperty("items")[0].GetProperty("kind").GetString());

        foreach (var limit in new[] { 1, 7, 20, 49, 50, 51, 200 })
        {
            Assert.Equal(truth, await PagesAsync(customer, limit));
        }

        // After the grain is gone, its successor loads the newest entries again and the pages are the same.
        await Api.Node.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(truth, await PagesAsync(customer, 30));

        // New entries join the front; a cursor taken before them still continues where it was.
        var first = await Crm.GetAsync($"/api/v1/customers/{customer}/timeline?limit=10");
        await ActivityAsync(new { customer_id = customer, type = "note", subject = "Newest" });
        var rest = await PagesAsync(customer, 25, first.GetProperty("next_cursor").GetString());
        Assert.Equal(truth.Skip(10).ToList(), rest);
        Assert.Equal("Newest", (await Crm.GetAsync($"/api/v1/customers/{customer}/timeline?limit=1")).GetProperty("items")[0].GetProperty("data").GetProperty("subject").GetString());
    }

    [Fact]
    public async Task Entries_carry_their_kind_entity_and_data_and_bad_cursors_are_400()
    {
        var customer = await CustomerAsync();
        var note = (await ActivityAsync(new { customer_id = customer, type = "note", subject = "Hello", description = new string('x', 400) })).GetProperty("id").GetGuid();
        var entry = (await Crm.GetAsync($"/api/v1/customers/{customer}/timeline")).GetProperty("items")[0];
        Assert.Equal(("activity.created", note, customer), (entry.GetProperty("kind").GetString(), entry.GetProperty("entity_id").GetGuid(), entry.GetProperty("customer_id").GetGuid()));
        Assert.Equal(("note", "Hello"), (entry.GetProperty("data").GetProperty("type").GetString(), entry.GetProperty("data").GetProperty("subject").GetString()));
        Assert.Equal(281, entry.GetProperty("data").GetProperty("preview").GetString()!.Length);

        foreach (var bad in new[] { "?before=nonsense", "?limit=0", "?limit=201", "?cursor=x" })
        {
            var response = await Http.GetAsync($"/api/v1/customers/{customer}/timeline{bad}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, bad);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/v1/customers/{Guid.NewGuid()}/timeline")).StatusCode);
    }

    private async Task<List<long>> TruthAsync(Guid customer) =>
        (await Api.Database.ScalarListAsync<long>(await Api.Database.CreateWorkspaceAsync(Workspace),
            "select id from timeline_entries where customer_id = @customer order by occurred_at desc, id desc", new { customer })).ToList();

    private async Task<List<long>> PagesAsync(Guid customer, int limit, string? cursor = null)
    {
        var ids = new List<long>();
        do
        {
            var page = await Crm.GetAsync($"/api/v1/customers/{customer}/timeline?limit={limit}" + (cursor is null ? "" : "&before=" + Uri.EscapeDataString(cursor)));
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("next_cursor").GetString();
            Assert.True(ids.Count <= 1000, "the pages never end");
        }
        while (cursor is not null);
        return ids;
    }
}
