using System.Net;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Audit;

/// <summary>The audit trail: who did what, reads of personal data too, nothing for a change that failed.</summary>
public sealed class AuditTrailTests(ApiFixture api) : WorkspaceTest(api, "audit")
{
    [Fact]
    public async Task Changes_and_reads_are_recorded_with_who_and_can_be_filtered()
    {
        var agent = await MemberAsync("agent");
        var id = (await Crm.CreateCustomerAsync(new { first_name = "Ada", last_name = "Audit", email = "ada@example.com", country_code = "GB", owner_id = agent.Id })).GetProperty("id").GetGuid();
        await agent.Http.GetAsync($"/api/v1/customers/{id}");
        await Http.GetAsync("/api/v1/customers/export?format=json");

        var all = await Crm.GetAsync($"/api/v1/audit?entity_id={id}");
        var actions = all.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actor_id").GetGuid())).ToList();
        Assert.Equal([("read", agent.Id), ("create", Admin.Id)], actions);

        var byAgent = await Crm.GetAsync($"/api/v1/audit?user_id={agent.Id}&action=read");
        Assert.All(byAgent.GetProperty("items").EnumerateArray(), e => Assert.Equal(agent.Id, e.GetProperty("actor_id").GetGuid()));
        Assert.Contains((await Crm.GetAsync("/api/v1/audit?action=export")).GetProperty("items").EnumerateArray(), e => e.GetProperty("entity_type").GetString() == "customer");

        // Paging: one at a time, newest first, no repeats.
        var first = await Crm.GetAsync($"/api/v1/audit?entity_id={id}&limit=1");
        var second = await Crm.GetAsync($"/api/v1/audit?entity_id={id}&limit=1&cursor={first.GetProperty("next_cursor").GetString()}");
        Assert.Equal("create", second.GetProperty("items")[0].GetProperty("action").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.GetAsync("/api/v1/audit?user_id=me")).StatusCode);
    }

    [Fact]
    public async Task A_change_is_recorded_with_the_request_id_of_its_answer_and_the_callers_address()
    {
        var created = await Http.PostJsonAsync("/api/v1/customers", TestCustomers.Json("traced@example.com"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var requestId = Assert.Single(created.Headers.GetValues("X-Request-Id"));
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        var entry = Assert.Single((await Crm.GetAsync($"/api/v1/audit?entity_id={id}&action=create")).GetProperty("items").EnumerateArray());
        Assert.Equal(requestId, entry.GetProperty("request_id").GetString());
        Assert.False(string.IsNullOrEmpty(entry.GetProperty("ip").GetString()));
    }

    [Fact]
    public async Task A_change_that_fails_leaves_no_audit_row()
    {
        await Crm.CreateCustomerAsync("taken@example.com");
        var before = (await Crm.GetAsync("/api/v1/audit?action=create")).GetProperty("items").GetArrayLength();

        var duplicate = await Http.PostJsonAsync("/api/v1/customers", TestCustomers.Json("TAKEN@example.com"));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var invalid = await Http.PostJsonAsync("/api/v1/customers", new { first_name = "X", last_name = "Y", email = "not-an-email", country_code = "DE" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        Assert.Equal(before, (await Crm.GetAsync("/api/v1/audit?action=create")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Concurrent_reads_are_each_recorded_before_their_answer_and_written_together()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add((await Crm.CreateCustomerAsync($"read-{i}@example.com")).GetProperty("id").GetGuid());
        }

        var reads = await Task.WhenAll(ids.Concat(ids).Select(async id =>
        {
            using var response = await Http.GetAsync($"/api/v1/customers/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (Id: id, RequestId: Assert.Single(response.Headers.GetValues("X-Request-Id")));
        }));

        // Queried right after the answers, not polled: each read's row was committed before its answer went out.
        var workspace = await Api.Database.CreateWorkspaceAsync(Workspace);
        var rows = await Api.Database.ScalarAsync<string[]>(workspace,
            "select coalesce(array_agg(entity_id::text || ' ' || request_id), '{}') from audit_log where action = 'read' and entity_type = 'customer'");
        Assert.Equal(reads.Select(r => $"{r.Id} {r.RequestId}").Order(), rows.Order());

        // Group commit: many of the 60 rows share a transaction.
        var transactions = await Api.Database.ScalarAsync<long>(workspace,
            "select count(distinct xmin::text) from audit_log where action = 'read' and entity_type = 'customer'");
        Assert.InRange(transactions, 1, reads.Length - 10);
    }
}
