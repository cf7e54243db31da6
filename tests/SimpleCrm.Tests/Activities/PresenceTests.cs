using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Activities;

/// <summary>
/// "Ana is viewing", "Ana is typing a note": people looking at the same customer through different API nodes see
/// each other come, type and go, whichever silo holds the presence grain.
/// </summary>
public sealed class PresenceTests : TwoSilosTwoNodes
{
    [Fact]
    public async Task Colleagues_on_different_nodes_see_each_other_view_type_and_leave()
    {
        var ana = await NodeA.UserAsync("presence-shop", "manager");
        var ben = await NodeB.UserAsync("presence-shop", "manager");
        var customer = await CustomerAsync(ana.Http, "presence");

        await using var anaLive = await LiveEvents.ConnectAsync(NodeA.Address, ana.AccessToken);
        await anaLive.Connection.InvokeAsync("SubscribeCustomer", customer);
        var alone = await anaLive.FirstAsync("Presence", p => Viewers(p).Count == 1);
        Assert.Equal(customer, alone.Payload.GetProperty("customer_id").GetGuid());
        Assert.Equal((ana.Id, "Test manager", false), Viewers(alone.Payload).Single());

        var benLive = await LiveEvents.ConnectAsync(NodeB.Address, ben.AccessToken);
        await benLive.Connection.InvokeAsync("SubscribeCustomer", customer);
        // Both learn of both, in the order they came; Ben's own answer comes straight from his SubscribeCustomer.
        var together = await anaLive.FirstAsync("Presence", p => Viewers(p).Count == 2);
        Assert.Equal([ana.Id, ben.Id], Viewers(together.Payload).Select(v => v.UserId));
        await benLive.FirstAsync("Presence", p => Viewers(p).Select(v => v.UserId).SequenceEqual([ana.Id, ben.Id]));

        // A second tab of Ben's does not make two Bens.
        await using var benSecondTab = await LiveEvents.ConnectAsync(NodeA.Address, ben.AccessToken);
        await benSecondTab.Connection.InvokeAsync("SubscribeCustomer", customer);
        var secondTab = await benSecondTab.FirstAsync("Presence");
        Assert.Equal([ana.Id, ben.Id], Viewers(secondTab.Payload).Select(v => v.UserId));

        await benLive.Connection.InvokeAsync("SetTyping", customer, true);
        var typing = await anaLive.FirstAsync("Presence", p => Viewers(p).Any(v => v.UserId == ben.Id && v.Typing));
        await benLive.Connection.InvokeAsync("SetTyping", customer, false);
        var stopped = await anaLive.FirstAsync("Presence", p => Viewers(p).Count == 2 && Viewers(p).All(v => !v.Typing), after: typing.Timestamp);

        // Ben closes both tabs: Ana is alone again.
        await benLive.DisposeAsync();
        await benSecondTab.Connection.InvokeAsync("UnsubscribeCustomer", customer);
        var left = await anaLive.FirstAsync("Presence", p => Viewers(p).Count == 1, after: stopped.Timestamp);
        Assert.Equal(ana.Id, Viewers(left.Payload).Single().UserId);
    }

    [Fact]
    public async Task Typing_lapses_by_itself_and_needs_a_subscription()
    {
        var ana = await NodeA.UserAsync("presence-typing", "manager");
        var ben = await NodeB.UserAsync("presence-typing", "manager");
        var customer = await CustomerAsync(ana.Http, "typing");
        await using var anaLive = await LiveEvents.ConnectAsync(NodeA.Address, ana.AccessToken);
        await using var benLive = await LiveEvents.ConnectAsync(NodeB.Address, ben.AccessToken);

        var refused = await Assert.ThrowsAsync<HubException>(() => benLive.Connection.InvokeAsync("SetTyping", customer, true));
        Assert.Contains("Subscribe to customer", refused.Message);

        await anaLive.Connection.InvokeAsync("SubscribeCustomer", customer);
        await benLive.Connection.InvokeAsync("SubscribeCustomer", customer);
        await benLive.Connection.InvokeAsync("SetTyping", customer, true);
        var typing = await anaLive.FirstAsync("Presence", p => Viewers(p).Any(v => v.UserId == ben.Id && v.Typing));

        // No further keystroke report: "typing" ends after the lapse (10 s), without Ben saying so.
        var stopped = await anaLive.FirstAsync("Presence", p => Viewers(p).Count == 2 && Viewers(p).All(v => !v.Typing), TimeSpan.FromSeconds(20), after: typing.Timestamp);
        var lapse = System.Diagnostics.Stopwatch.GetElapsedTime(typing.Timestamp, stopped.Timestamp);
        Assert.InRange(lapse.TotalSeconds, 8, 15);
    }

    [Fact]
    public async Task An_agent_sees_presence_only_on_their_own_customers_and_drops_out_when_one_is_reassigned()
    {
        var manager = await NodeA.UserAsync("presence-agents", "manager");
        var agent = await NodeB.UserAsync("presence-agents", "agent");
        var theirs = await CustomerAsync(manager.Http, "presence-theirs", agent.Id);
        var other = await CustomerAsync(manager.Http, "presence-other");
        var sentinel = await CustomerAsync(manager.Http, "presence-sentinel", agent.Id);
        await using var managerLive = await LiveEvents.ConnectAsync(NodeA.Address, manager.AccessToken);
        await using var agentLive = await LiveEvents.ConnectAsync(NodeB.Address, agent.AccessToken);

        await Assert.ThrowsAsync<HubException>(() => agentLive.Connection.InvokeAsync("SubscribeCustomer", other));
        await Assert.ThrowsAsync<HubException>(() => agentLive.Connection.InvokeAsync("SetTyping", other, true));
        await agentLive.Connection.InvokeAsync("SubscribeCustomer", theirs);
        await managerLive.Connection.InvokeAsync("SubscribeCustomer", theirs);
        await managerLive.FirstAsync("Presence", p => Viewers(p).Count == 2);
        await managerLive.Connection.InvokeAsync("SubscribeCustomer", other);

        // Reassigned to the manager: the agent leaves the list and hears nothing more about the customer.
        var body = JsonSerializer.SerializeToNode(TestCustomers.Json(await EmailAsync(manager.Http, theirs)), ApiNode.Json)!.AsObject();
        body["owner_id"] = manager.Id;
        var beforePut = System.Diagnostics.Stopwatch.GetTimestamp();
        var put = await manager.Http.PutJsonAsync($"/api/v1/customers/{theirs}", body);
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        await managerLive.FirstAsync("Presence", p => p.GetProperty("customer_id").GetGuid() == theirs && Viewers(p).Select(v => v.UserId).SequenceEqual([manager.Id]),
            after: beforePut);
        agentLive.Drain();
        await managerLive.Connection.InvokeAsync("SetTyping", theirs, true);
        await managerLive.Connection.InvokeAsync("SetTyping", other, true);
        await managerLive.FirstAsync("Presence", p => p.GetProperty("customer_id").GetGuid() == other && Viewers(p).Single().Typing);

        // A sentinel on a customer still theirs: once the manager's arrival there reaches the agent, anything about
        // the other two sent before it would have arrived too.
        await agentLive.Connection.InvokeAsync("SubscribeCustomer", sentinel);
        await managerLive.Connection.InvokeAsync("SubscribeCustomer", sentinel);
        await agentLive.FirstAsync("Presence", p => p.GetProperty("customer_id").GetGuid() == sentinel && Viewers(p).Any(v => v.UserId == manager.Id));
        var heard = agentLive.Drain().Where(e => e.Event == "Presence" && e.Payload.GetProperty("customer_id").GetGuid() != sentinel).ToList();
        Assert.True(heard.Count == 0, "the agent received: " + string.Join("; ", heard.Select(h => h.Payload.ToString())));
    }

    private static List<(Guid UserId, string Name, bool Typing)> Viewers(JsonElement presence) =>
        presence.GetProperty("viewers").EnumerateArray()
            .Select(v => (v.GetProperty("user_id").GetGuid(), v.GetProperty("name").GetString()!, v.GetProperty("typing").GetBoolean()))
            .ToList();
}
