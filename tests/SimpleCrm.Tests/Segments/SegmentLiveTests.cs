using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using SimpleCrm.Tests.Activities;
using SimpleCrm.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SimpleCrm.Tests.Segments;

/// <summary>Time rules swept every second, so a short window shows a member leaving on time.</summary>
public sealed class FastSegmentSweepFixture() : ApiFixture(new Dictionary<string, string?> { ["Crm:Segments:SweepInterval"] = "00:00:01" });

/// <summary>
/// Live membership: a change that moves a customer across a rule moves them into or out of the segment at once, with
/// "entered"/"left" on their timeline and the hub; a time rule lets a member go when their window closes.
/// </summary>
public sealed class SegmentLiveTests(FastSegmentSweepFixture api, ITestOutputHelper output) : WorkspaceTest(api, "seg-live"), IClassFixture<FastSegmentSweepFixture>
{
    [Fact]
    public async Task A_customer_crossing_an_ltv_threshold_through_a_new_order_enters_the_segment_within_a_second_on_the_timeline_and_the_hub()
    {
        var segment = await CreateSegmentAsync("Big spenders", new { all = new object[] { new { field = "lifetime_value", op = "gte", value = 100 } } });
        Assert.Equal(0, segment.GetProperty("member_count").GetInt64());
        var email = $"ltv-{Guid.NewGuid():N}@example.com";
        var customer = (await Crm.CreateCustomerAsync(email, currency: "USD")).GetProperty("id").GetGuid();
        await Crm.CreateOrderAsync(customer, $"L-{Guid.NewGuid():N}"[..12], "USD", 60m);
        var segmentId = segment.GetProperty("id").GetGuid();
        Assert.Equal(0, (await Crm.GetAsync($"/api/v1/segments/{segmentId}")).GetProperty("member_count").GetInt64());

        await using var live = await LiveEvents.ConnectAsync(Api.Node.Address, Admin.AccessToken);
        await live.Connection.InvokeAsync("SubscribeCustomer", customer);
        var sent = Stopwatch.GetTimestamp();
        await Crm.CreateOrderAsync(customer, $"L-{Guid.NewGuid():N}"[..12], "USD", 50m);
        // From the order's acceptance (its answer), so a slow HTTP round trip on a loaded machine is not counted.
        var accepted = Stopwatch.GetTimestamp();
        var (entry, arrived) = await live.FirstAsync("TimelineEntry", e => e.GetProperty("kind").GetString() == "segment.entered");
        var latency = arrived > accepted ? Stopwatch.GetElapsedTime(accepted, arrived) : TimeSpan.Zero;
        output.WriteLine($"order POST {Stopwatch.GetElapsedTime(sent, accepted).TotalMilliseconds:F0} ms; accepted → segment.entered on the hub: {latency.TotalMilliseconds:F0} ms");
        Assert.True(latency < TimeSpan.FromSeconds(1), $"{latency.TotalMilliseconds:F0} ms");
        Assert.Equal(segmentId, entry.GetProperty("entity_id").GetGuid());
        Assert.Equal("Big spenders", entry.GetProperty("data").GetProperty("segment_name").GetString());

        var timeline = await Crm.GetAsync($"/api/v1/customers/{customer}/timeline");
        Assert.Contains(timeline.GetProperty("items").EnumerateArray(), e => e.GetProperty("kind").GetString() == "segment.entered");
        Assert.Equal(1, (await Crm.GetAsync($"/api/v1/segments/{segmentId}")).GetProperty("member_count").GetInt64());
        var members = await Crm.GetAsync($"/api/v1/segments/{segmentId}/members");
        Assert.Equal([customer], members.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        var filtered = await Crm.GetAsync($"/api/v1/customers?segment={segmentId}");
        Assert.Equal([customer], filtered.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));

        // Leaving: the customer's status change takes them out of a segment that wants active customers.
        var active = await CreateSegmentAsync("Active big spenders", new { all = new object[] { new { field = "lifetime_value", op = "gte", value = 100 }, new { field = "status", op = "eq", value = "active" } } });
        Assert.Equal(1, active.GetProperty("member_count").GetInt64());
        var patch = await Http.PutAsJsonAsync($"/api/v1/customers/{customer}",
            new { first_name = "Test", last_name = "Customer", email, country_code = "DE", currency = "USD", status = "blocked" }, ApiNode.Json);
        Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync());
        var (left, _) = await live.FirstAsync("TimelineEntry", e => e.GetProperty("kind").GetString() == "segment.left", TimeSpan.FromSeconds(2));
        Assert.Equal(active.GetProperty("id").GetGuid(), left.GetProperty("entity_id").GetGuid());
        Assert.Equal(0, (await Crm.GetAsync($"/api/v1/segments/{active.GetProperty("id").GetGuid()}")).GetProperty("member_count").GetInt64());
        Assert.Equal(1, (await Crm.GetAsync($"/api/v1/segments/{segmentId}")).GetProperty("member_count").GetInt64());
    }

    [Fact]
    public async Task A_member_of_a_time_rule_leaves_when_their_window_closes()
    {
        // 0.0001 days = 8.64 s after the last order.
        var window = TimeSpan.FromDays(0.0001);
        var segment = await CreateSegmentAsync("Ordered just now", new { field = "last_order_at", op = "within_days", value = 0.0001 });
        var customer = (await Crm.CreateCustomerAsync($"time-{Guid.NewGuid():N}@example.com", currency: "USD")).GetProperty("id").GetGuid();
        await using var live = await LiveEvents.ConnectAsync(Api.Node.Address, Admin.AccessToken);
        await live.Connection.InvokeAsync("SubscribeCustomer", customer);
        var order = await Crm.CreateOrderAsync(customer, $"T-{Guid.NewGuid():N}"[..12], "USD", 10m);
        var orderedAt = order.GetProperty("ordered_at").GetDateTimeOffset();
        await live.FirstAsync("TimelineEntry", e => e.GetProperty("kind").GetString() == "segment.entered", TimeSpan.FromSeconds(2));

        var (left, _) = await live.FirstAsync("TimelineEntry", e => e.GetProperty("kind").GetString() == "segment.left", TimeSpan.FromSeconds(30));
        var leftAt = left.GetProperty("occurred_at").GetDateTimeOffset();
        var lateBy = leftAt - (orderedAt + window);
        output.WriteLine($"window closed at {orderedAt + window:O}; left at {leftAt:O} ({lateBy.TotalMilliseconds:F0} ms after)");
        Assert.True(lateBy >= TimeSpan.Zero, "left before the window closed");
        Assert.True(lateBy < TimeSpan.FromSeconds(5), $"left {lateBy.TotalSeconds:F1} s late");
        Assert.Equal(segment.GetProperty("id").GetGuid(), left.GetProperty("entity_id").GetGuid());
        Assert.Equal(0, (await Crm.GetAsync($"/api/v1/segments/{segment.GetProperty("id").GetGuid()}")).GetProperty("member_count").GetInt64());
    }

    [Fact]
    public async Task One_change_that_moves_a_customer_into_two_segments_and_out_of_a_third_writes_each_move_once_on_the_timeline_and_the_outbox()
    {
        var big = (await CreateSegmentAsync("Spent 100+", new { field = "lifetime_value", op = "gte", value = 100 })).GetProperty("id").GetGuid();
        var repeat = (await CreateSegmentAsync("Two orders or more", new { field = "order_count", op = "gte", value = 2 })).GetProperty("id").GetGuid();
        var first = (await CreateSegmentAsync("One order at most", new { field = "order_count", op = "lte", value = 1 })).GetProperty("id").GetGuid();
        var customer = (await Crm.CreateCustomerAsync($"moves-{Guid.NewGuid():N}@example.com", currency: "USD")).GetProperty("id").GetGuid();
        await Crm.CreateOrderAsync(customer, $"M-{Guid.NewGuid():N}"[..12], "USD", 60m);

        await using var live = await LiveEvents.ConnectAsync(Api.Node.Address, Admin.AccessToken);
        await live.Connection.InvokeAsync("SubscribeCustomer", customer);
        await Crm.CreateOrderAsync(customer, $"M-{Guid.NewGuid():N}"[..12], "USD", 50m); // 2 orders, 110 USD: into two, out of one
        await live.FirstAsync("TimelineEntry", e => e.GetProperty("kind").GetString() == "segment.left");

        var moves = (await Crm.GetAsync($"/api/v1/customers/{customer}/timeline")).GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString()!.StartsWith("segment.", StringComparison.Ordinal))
            .Select(e => (Kind: e.GetProperty("kind").GetString()!, Segment: e.GetProperty("entity_id").GetGuid(), Name: e.GetProperty("data").GetProperty("segment_name").GetString()!))
            .ToList();
        Assert.Equal(
            new[] { ("segment.entered", first, "One order at most"), ("segment.entered", big, "Spent 100+"), ("segment.entered", repeat, "Two orders or more"), ("segment.left", first, "One order at most") }.Order().ToList(),
            moves.Order().ToList());

        var workspace = (await Crm.GetAsync("/api/v1/auth/me")).GetProperty("workspace").GetProperty("id").GetGuid();
        await using var session = await Api.Database.Database.BeginAsync(new SimpleCrm.Contracts.Common.WorkspaceId(workspace));
        var events = (await session.QueryAsync<(string Topic, string Payload)>(
            "select topic, payload::text from outbox where entity_id = @customer and topic like 'segment.%' order by id", new { customer })).ToList();
        Assert.Equal(
            new[] { ("segment.entered", first), ("segment.entered", big), ("segment.entered", repeat), ("segment.left", first) }.Order().ToList(),
            events.Select(e =>
            {
                var payload = JsonDocument.Parse(e.Payload).RootElement;
                Assert.Equal(e.Topic, payload.GetProperty("event").GetString());
                Assert.Equal(customer, payload.GetProperty("data").GetProperty("customer_id").GetGuid());
                return (e.Topic, payload.GetProperty("data").GetProperty("segment").GetProperty("id").GetGuid());
            }).Order().ToList());
    }

    private async Task<JsonElement> CreateSegmentAsync(string name, object rules)
    {
        var response = await Http.PostAsJsonAsync("/api/v1/segments", new { name, rules }, ApiNode.Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }
}
