using System.Net;
using System.Text.Json;

namespace SimpleCrm.Tests.Infrastructure;

/// <summary>
/// The cluster host kind, in the production shape: two silos, and two API nodes that are clients of the cluster,
/// on a fresh database per test. A class that needs the nodes configured otherwise passes its settings.
/// </summary>
public abstract class TwoSilosTwoNodes(IReadOnlyDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    protected TestDatabase Database => database;

    protected PostgresCluster Cluster { get; private set; } = null!;

    protected ApiNode NodeA { get; private set; } = null!;

    protected ApiNode NodeB { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        Cluster = await PostgresCluster.StartAsync(database, silos: 2);
        var extra = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Crm:Cluster:ServiceId"] = "simplecrm-tests" };
        NodeA = await ApiNode.StartAsync(database.ConnectionString, cohosted: false, clusterId: Cluster.ClusterId, extra: extra);
        NodeB = await ApiNode.StartAsync(database.ConnectionString, cohosted: false, clusterId: Cluster.ClusterId, extra: extra);
    }

    public async Task DisposeAsync()
    {
        await NodeA.DisposeAsync();
        await NodeB.DisposeAsync();
        await Cluster.DisposeAsync();
        await database.DisposeAsync();
    }

    protected static async Task<Guid> CustomerAsync(HttpClient http, string tag, Guid? owner = null)
    {
        var body = JsonSerializer.SerializeToNode(TestCustomers.Json($"{tag}-{Guid.NewGuid():N}@example.com"), ApiNode.Json)!.AsObject();
        body["owner_id"] = owner;
        var response = await http.PostJsonAsync("/api/v1/customers", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    protected static async Task<string> EmailAsync(HttpClient http, Guid customer) =>
        (await new CrmApiClient(http).GetAsync($"/api/v1/customers/{customer}")).GetProperty("email").GetString()!;

    protected static async Task ActivityAsync(HttpClient http, Guid customer, string subject)
    {
        var response = await http.PostJsonAsync("/api/v1/activities", new { customer_id = customer, type = "call", direction = "outbound", subject });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }
}
