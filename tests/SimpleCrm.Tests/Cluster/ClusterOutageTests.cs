using System.Net;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Cluster;

/// <summary>
/// The production topology: an API node as an Orleans client of separate silos. When the cluster is gone the
/// API answers 503 problems (never 500s) and readiness says so.
/// </summary>
public sealed class ClusterOutageTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private PostgresCluster cluster = null!;
    private ApiNode api = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        cluster = await PostgresCluster.StartAsync(database, silos: 1);
        api = await ApiNode.StartAsync(database.ConnectionString, cohosted: false, clusterId: cluster.ClusterId,
            extra: new Dictionary<string, string?> { ["Crm:Cluster:ServiceId"] = "simplecrm-tests" });
    }

    public async Task DisposeAsync()
    {
        await api.DisposeAsync();
        await cluster.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task An_api_node_serves_through_remote_silos_and_answers_503_while_they_are_gone()
    {
        var created = await api.Http.PostJsonAsync("/api/v1/customers", TestCustomers.Json("remote@example.com"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        await cluster.KillSiloAsync(cluster.Silos[0]);

        var response = await api.Http.GetAsync($"/api/v1/customers/{id}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);

        var ready = await api.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/health/live")).StatusCode);
    }
}
