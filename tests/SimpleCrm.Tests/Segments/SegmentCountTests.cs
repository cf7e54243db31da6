using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Contracts.Segments;
using SimpleCrm.Tests.Activities;
using SimpleCrm.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SimpleCrm.Tests.Segments;

/// <summary>
/// A segment's member count on screen: pushed on the hub as members move (coalesced, not one push per member), and
/// per day over a range from the membership history.
/// </summary>
public sealed class SegmentCountTests(ApiFixture api, ITestOutputHelper output) : WorkspaceTest(api, "seg-count")
{
    [Fact]
    public async Task A_customer_entering_through_a_new_order_pushes_the_new_count_within_a_second()
    {
        var segment = await CreateSegmentAsync("Big spenders", new { field = "lifetime_value", op = "gte", value = 100 });
        var segmentId = segment.GetProperty("id").GetGuid();
        var already = (await Crm.CreateCustomerAsync($"in-{Guid.NewGuid():N}@example.com", currency: "USD")).GetProperty("id").GetGuid();
        await Crm.CreateOrderAsync(already, $"C-{Guid.NewGuid():N}"[..12], "USD", 150m);
        var customer = (await Crm.CreateCustomerAsync($"cnt-{Guid.NewGuid():N}@example.com", currency: "USD")).GetProperty("id").GetGuid();
        await Crm.CreateOrderAsync(customer, $"C-{Guid.NewGuid():N}"[..12], "USD", 60m);

        await using var live = await LiveEvents.ConnectAsync(Api.Node.Address, Admin.AccessToken);
        // The segments page reads the list, then listens.
        var list = await Crm.GetAsync("/api/v1/segments");
        Assert.Equal(1, list.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == segmentId).GetProperty("member_count").GetInt64());
        var sent = Stopwatch.GetTimestamp();
        await Crm.CreateOrderAsync(customer, $"C-{Guid.NewGuid():N}"[..12], "USD", 50m);
        // From the order's acceptance (its answer), so a slow HTTP round trip on a loaded machine is not counted.
        var accepted = Stopwatch.GetTimestamp();
        // The push that carries the new count: an earlier push (the first member's) can still be on its way.
        var (push, arrived) = await live.FirstAsync("SegmentCountChanged",
            e => e.GetProperty("segment_id").GetGuid() == segmentId && e.GetProperty("member_count").GetInt64() == 2, TimeSpan.FromSeconds(5), after: sent);
        var latency = arrived > accepted ? Stopwatch.GetElapsedTime(accepted, arrived) : TimeSpan.Zero;
        output.WriteLine($"order POST {Stopwatch.GetElapsedTime(sent, accepted).TotalMilliseconds:F0} ms; accepted → SegmentCountChanged on the hub: {latency.TotalMilliseconds:F0} ms");
        Assert.True(latency < TimeSpan.FromSeconds(1), $"{latency.TotalMilliseconds:F0} ms");
        Assert.Equal(2, push.GetProperty("member_count").GetInt64());
        Assert.Equal(2, (await Crm.GetAsync($"/api/v1/segments/{segmentId}")).GetProperty("member_count").GetInt64());
    }

    [Fact]
    public async Task A_thousand_members_moving_at_once_make_a_few_pushes_ending_at_the_final_count()
    {
        var segment = await CreateSegmentAsync("Burst", new { field = "lifetime_value", op = "gte", value = 1_000_000 });
        var segmentId = segment.GetProperty("id").GetGuid();
        await using var live = await LiveEvents.ConnectAsync(Api.Node.Address, Admin.AccessToken);
        await Crm.GetAsync($"/api/v1/segments/{segmentId}");

        // What a thousand customers' grains report when they enter together (e.g. after a bulk tag).
        var grain = Api.Node.Services.GetRequiredService<IGrainFactory>().GetGrain<ISegmentGrain>(segmentId, Admin.Workspace.ToString());
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => grain.MembersMovedAsync(+1)));
        var moved = Stopwatch.GetElapsedTime(started);
        await live.FirstAsync("SegmentCountChanged", e => e.GetProperty("segment_id").GetGuid() == segmentId && e.GetProperty("member_count").GetInt64() == 1000, TimeSpan.FromSeconds(3));
        await Task.Delay(SegmentGrainPushEvery * 3);

        var pushes = live.Drain().Where(e => e.Event == "SegmentCountChanged" && e.Payload.GetProperty("segment_id").GetGuid() == segmentId)
            .Select(e => e.Payload.GetProperty("member_count").GetInt64()).ToList();
        output.WriteLine($"1000 moves in {moved.TotalMilliseconds:F0} ms → pushes: {string.Join(", ", pushes)}");
        Assert.Equal(1000, pushes[^1]);
        // At most one per push interval while the moves arrive, plus the trailing one.
        Assert.InRange(pushes.Count, 1, (int)(moved / SegmentGrainPushEvery) + 2);
        Assert.Equal(pushes.Order(), pushes);
    }

    [Fact]
    public async Task Counts_per_day_follow_the_membership_history_in_the_viewers_zone_across_a_dst_change()
    {
        var agent = await MemberAsync("agent");
        var a = (await Crm.CreateCustomerAsync(new { first_name = "Own", last_name = "Customer", email = $"own-{Guid.NewGuid():N}@example.com", country_code = "DE", currency = "EUR", owner_id = agent.Id }))
            .GetProperty("id").GetGuid();
        var b = await CustomerAsync();
        var c = await CustomerAsync();
        var segment = await CreateSegmentAsync("History", rules: null, kind: "static");
        var segmentId = segment.GetProperty("id").GetGuid();
        // Europe/Berlin leaves summer time on 2026-10-25 (03:00 CEST → 02:00 CET).
        await using (var session = await Api.Database.Database.BeginAsync(Admin.Workspace))
        {
            await session.ExecuteAsync(
                """
                insert into segment_memberships (workspace_id, segment_id, customer_id, entered_at, left_at)
                select @workspace, @segment, s.customer_id, s.entered_at, s.left_at
                from unnest(@customers, @entered, @left) as s(customer_id, entered_at, left_at)
                """,
                new
                {
                    workspace = Admin.Workspace.Value,
                    segment = segmentId,
                    customers = new[] { a, b, c },
                    // b enters at 00:30 Berlin on the 25th (still the 24th in UTC) and leaves at midnight Berlin, the end of the 26th.
                    entered = new[] { Utc("2026-10-20T10:00:00Z"), Utc("2026-10-24T22:30:00Z"), Utc("2026-10-18T08:00:00Z") },
                    left = new DateTime?[] { null, Utc("2026-10-26T23:00:00Z"), Utc("2026-10-22T12:00:00Z") },
                });
            await session.CommitAsync();
        }

        var berlin = await Crm.GetAsync($"/api/v1/segments/{segmentId}/counts?from=2026-10-21&to=2026-10-27&tz=Europe/Berlin");
        Assert.Equal("Europe/Berlin", berlin.GetProperty("tz").GetString());
        Assert.Equal(
            [("2026-10-21", 2L), ("2026-10-22", 1L), ("2026-10-23", 1L), ("2026-10-24", 1L), ("2026-10-25", 2L), ("2026-10-26", 1L), ("2026-10-27", 1L)],
            Days(berlin));
        var utc = await Crm.GetAsync($"/api/v1/segments/{segmentId}/counts?from=2026-10-21&to=2026-10-27");
        Assert.Equal(
            [("2026-10-21", 2L), ("2026-10-22", 1L), ("2026-10-23", 1L), ("2026-10-24", 2L), ("2026-10-25", 2L), ("2026-10-26", 1L), ("2026-10-27", 1L)],
            Days(utc));

        // An agent counts only the customers assigned to them: a, in all along.
        var own = await new CrmApiClient(agent.Http).GetAsync($"/api/v1/segments/{segmentId}/counts?from=2026-10-21&to=2026-10-27&tz=Europe/Berlin");
        Assert.Equal(Enumerable.Range(21, 7).Select(d => ($"2026-10-{d}", 1L)), Days(own));

        // A day's count is who ?at= lists at the instant the day ends: the 25th in Berlin ends at 23:00 UTC.
        var members = await Crm.GetAsync($"/api/v1/segments/{segmentId}/members?at=2026-10-25T23:00:00Z&include_total=true");
        Assert.Equal(2, members.GetProperty("total").GetInt64());

        // Stays that began before the range are counted on its first day; the range stops at today.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var recent = await Crm.GetAsync($"/api/v1/segments/{segmentId}/counts?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(3):yyyy-MM-dd}");
        Assert.Equal([(Iso(today.AddDays(-1)), 1L), (Iso(today), 1L)], Days(recent));
    }

    [Fact]
    public async Task Counts_name_a_bad_parameter_and_an_unknown_segment_is_404()
    {
        var segmentId = (await CreateSegmentAsync("Params", new { field = "status", op = "eq", value = "active" })).GetProperty("id").GetGuid();
        foreach (var (query, field) in new[] { ("tz=Mars/Base", "tz"), ("from=2026-13-01", "from"), ("from=2026-02-01&to=2026-01-01", "to") })
        {
            var response = await Http.GetAsync($"/api/v1/segments/{segmentId}/counts?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.JsonAsync();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {problem}");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/v1/segments/{Guid.NewGuid()}/counts")).StatusCode);
        var csv = await Http.GetAsync($"/api/v1/segments/{segmentId}/counts?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("day,member_count", await csv.Content.ReadAsStringAsync());
    }

    private static readonly TimeSpan SegmentGrainPushEvery = SimpleCrm.Grains.Segments.SegmentGrain.PushEvery;

    private static DateTime Utc(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime;

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static List<(string, long)> Days(JsonElement report) =>
        report.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("day").GetString()!, r.GetProperty("member_count").GetInt64())).ToList();

    private async Task<Guid> CustomerAsync() =>
        (await Crm.CreateCustomerAsync($"hist-{Guid.NewGuid():N}@example.com")).GetProperty("id").GetGuid();

    private async Task<JsonElement> CreateSegmentAsync(string name, object? rules, string? kind = null)
    {
        object body = kind is null ? new { name, rules } : new { name, kind };
        var response = await Http.PostAsJsonAsync("/api/v1/segments", body, ApiNode.Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }
}
