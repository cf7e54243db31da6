using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Analytics;
using SimpleCrm.Data.Analytics;
using SimpleCrm.Data.Segments;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Analytics;

/// <summary>
/// The hourly rollups behind customer growth (<c>new_customers_hourly</c>) and a segment's count per day
/// (<c>segment_moves_hourly</c>) equal a recomputation from customers and stays after every kind of write, and the
/// figures read from them equal the same figures computed the old way, in zones across DST changes.
/// </summary>
public sealed class HourlyRollupAgreementTests(ApiFixture api) : WorkspaceTest(api, "rollups")
{
    private static readonly (string Zone, string From, string To)[] Ranges =
    [
        ("Europe/Berlin", "2026-10-19", "2026-11-11"),
        ("America/New_York", "2026-10-25", "2026-11-03"),
        ("Asia/Tokyo", "2026-10-21", "2026-10-21"),
        ("UTC", "2026-10-20", "2026-11-09"),
    ];

    private GeneratedPopulation Population => new(Api.Database.Database, Admin.Workspace, 20261207);

    [Fact]
    public async Task Customer_growth_from_the_rollup_equals_the_recomputation_after_inserts_moves_erasure_and_deletes()
    {
        var population = Population;
        var ids = await population.CustomersAsync(400);
        await AssertNewCustomersRollupAsync();

        // A changed country, a changed creation time, a touch that moves nothing, deletes.
        await population.ExecuteAsync("update customers set country_code = 'FR' where workspace_id = @workspace and id = any(@ids)", new { workspace = Admin.Workspace.Value, ids = ids[..40] });
        await population.ExecuteAsync("update customers set created_at = created_at + interval '3 hours' where workspace_id = @workspace and id = any(@ids)", new { workspace = Admin.Workspace.Value, ids = ids[20..60] });
        await population.ExecuteAsync("update customers set tags = '{touched}' where workspace_id = @workspace and id = any(@ids)", new { workspace = Admin.Workspace.Value, ids = ids[100..200] });
        await population.ExecuteAsync("delete from customers where workspace_id = @workspace and id = any(@ids)", new { workspace = Admin.Workspace.Value, ids = ids[300..330] });
        await AssertNewCustomersRollupAsync();

        // Through the API: a new customer, then its erasure.
        var customer = await Crm.CreateCustomerAsync($"erase-{Guid.NewGuid():N}@rollup.test", "EUR", "AT");
        var email = customer.GetProperty("email").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await Http.PostJsonAsync($"/api/v1/customers/{customer.GetProperty("id").GetGuid()}/erase", new { confirm = email.ToUpperInvariant() })).StatusCode);
        await AssertNewCustomersRollupAsync();

        var queries = Api.Node.Services.GetRequiredService<AnalyticsQueries>();
        foreach (var (zone, from, to) in Ranges)
        {
            var rollup = Window(zone, from, to);
            Assert.True(rollup.HourAligned, zone);
            foreach (var period in Enum.GetValues<ReportPeriod>())
            {
                var fast = await queries.CustomerGrowthAsync(Admin.Workspace, rollup, period);
                Assert.NotEmpty(fast);
                Assert.Equal(await queries.CustomerGrowthAsync(Admin.Workspace, rollup with { HourAligned = false }, period), fast);
            }
        }
    }

    [Fact]
    public async Task A_segments_count_per_day_from_the_rollup_equals_the_count_from_its_stays()
    {
        var population = Population;
        var segment = (await Http.PostJsonAsync("/api/v1/segments", new { name = "Nobody yet", rules = new { field = "lifetime_value", op = "gte", value = 1_000_000_000 } }));
        Assert.Equal(HttpStatusCode.Created, segment.StatusCode);
        var segmentId = (await segment.JsonAsync()).GetProperty("id").GetGuid();
        var customers = await population.CustomersAsync(300);
        await population.StaysAsync(segmentId, customers);
        await AssertCountsAgreeAsync(segmentId);

        // Open stays closed (as a member leaves), a closed one reopened at another time, stays deleted.
        var parameters = new { workspace = Admin.Workspace.Value, segment = segmentId, some = customers[..60], others = customers[60..70], gone = customers[200..230] };
        await population.ExecuteAsync("""
            update segment_memberships set left_at = entered_at + interval '26 hours 30 minutes'
            where workspace_id = @workspace and segment_id = @segment and customer_id = any(@some) and left_at is null
            """, parameters);
        await population.ExecuteAsync("""
            update segment_memberships set entered_at = entered_at - interval '5 hours', left_at = null
            where workspace_id = @workspace and segment_id = @segment and customer_id = any(@others)
            """, parameters);
        await population.ExecuteAsync("delete from segment_memberships where workspace_id = @workspace and segment_id = @segment and customer_id = any(@gone)", parameters);
        await AssertCountsAgreeAsync(segmentId);

        // A deleted segment leaves no rows behind.
        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/v1/segments/{segmentId}")).StatusCode);
        Assert.Empty(await population.QueryAsync("select hour_end::text from segment_moves_hourly where workspace_id = @workspace and segment_id = @segment", parameters));
    }

    /// <summary>Every rollup row equals the customers' count per UTC hour and country; no row of zero is kept.</summary>
    private async Task AssertNewCustomersRollupAsync()
    {
        var parameters = new { workspace = Admin.Workspace.Value };
        var rollup = await Population.QueryAsync("""
            select concat_ws(' ', hour at time zone 'UTC', country_code, customers) from new_customers_hourly where workspace_id = @workspace and customers <> 0 order by 1
            """, parameters);
        var recomputed = await Population.QueryAsync("""
            select concat_ws(' ', date_trunc('hour', created_at, 'UTC') at time zone 'UTC', country_code, count(*))
            from customers where workspace_id = @workspace group by date_trunc('hour', created_at, 'UTC'), country_code order by 1
            """, parameters);
        Assert.NotEmpty(recomputed);
        Assert.Equal(recomputed, rollup);
    }

    private async Task AssertCountsAgreeAsync(Guid segment)
    {
        var history = Api.Node.Services.GetRequiredService<SegmentCountHistory>();
        foreach (var (zone, from, to) in Ranges)
        {
            var first = LocalDatePattern.Iso.Parse(from).Value;
            var last = LocalDatePattern.Iso.Parse(to).Value;
            var days = new List<DateOnly>();
            for (var day = first; day <= last; day = day.PlusDays(1))
            {
                days.Add(day.ToDateOnly());
            }

            var tz = DateTimeZoneProviders.Tzdb[zone];
            var until = tz.AtStartOfDay(last.PlusDays(1)).ToInstant();
            Assert.True(ReportRequest.HourAligned(tz, tz.AtStartOfDay(first).ToInstant(), until), zone);
            var fromStays = await history.CountsAsync(Admin.Workspace, segment, days, zone, until.ToDateTimeOffset(), null, hourAligned: false, CancellationToken.None);
            var fromRollup = await history.CountsAsync(Admin.Workspace, segment, days, zone, until.ToDateTimeOffset(), null, hourAligned: true, CancellationToken.None);
            Assert.Contains(fromStays, c => c > 0);
            Assert.Equal(fromStays, fromRollup);
        }
    }

    private ReportWindow Window(string zone, string from, string to) =>
        new ReportRequest(LocalDatePattern.Iso.Parse(from).Value, LocalDatePattern.Iso.Parse(to).Value, zone, false)
            .Window(new Caller(Admin.Workspace, Admin.Id, null, null, Roles.Admin, new HashSet<Permission>()));
}
