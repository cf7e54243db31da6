using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SimpleCrm.Api.Hosting;

namespace SimpleCrm.Tests.Infrastructure;

/// <summary>
/// The real API process, in-process: the production host built by <see cref="CrmApi"/>, listening with
/// Kestrel on a loopback port, either co-hosting a silo or as a client of an existing cluster.
/// </summary>
public sealed class ApiNode : IAsyncDisposable
{
    private readonly WebApplication app;

    private ApiNode(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => app.Services;

    public static readonly JsonSerializerOptions Json = CreateJson();

    public static async Task<ApiNode> StartAsync(string connectionString, bool cohosted = true, string clusterId = "simplecrm", IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["CRM_DB"] = connectionString,
            ["CRM_MODE"] = cohosted ? "cohosted" : "client",
            ["urls"] = "http://127.0.0.1:0",
            ["Crm:Cluster:ClusterId"] = clusterId,
            ["Crm:Cluster:SiloPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Crm:Cluster:GatewayPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = await CrmApi.BuildAsync([], builder => builder.Configuration.AddInMemoryCollection(settings));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new ApiNode(app, new Uri(address));
    }

    public async Task StopAsync() => await app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.DisposeAsync();
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        SimpleCrm.Domain.Customers.CrmJson.Configure(options);
        return options;
    }
}

public static class HttpJson
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string url, object body) =>
        http.PostAsJsonAsync(url, body, ApiNode.Json);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
