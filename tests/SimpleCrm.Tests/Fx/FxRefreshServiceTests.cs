using System.Net;
using System.Text;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SimpleCrm.Api.Fx;
using SimpleCrm.Data.Fx;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Fx;

/// <summary>The refresh service in a real host, with the "ecb" HttpClient answered by a fake handler (no network).</summary>
public sealed class FxRefreshServiceTests : IAsyncLifetime
{
    private const string Url = "https://ecb.test/stats/eurofxref/eurofxref-hist-90d.xml";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly TestDatabase database = new();
    private readonly List<IHost> hosts = [];

    public Task InitializeAsync() => database.InitializeAsync();

    public async Task DisposeAsync()
    {
        // Stop the refresh loops before their database goes away.
        foreach (var host in hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }

        await database.DisposeAsync();
    }

    [Fact]
    public async Task Downloaded_rates_are_upserted_with_source_ecb_over_the_snapshot()
    {
        var handler = new FakeEcb(_ => Xml(EcbXml.Of(("2026-11-27", "USD 1.2345 JPY 190.01"), ("2026-11-30", "USD 1.2400"))));
        var host = await StartAsync(handler, new() { ["Crm:Fx:RefreshUrl"] = Url });

        await Until(async () => await CountAsync("source = 'ecb'") == 3, "the downloaded rates to be stored");

        Assert.Equal(Url, handler.Requests.First().ToString());
        Assert.Equal(("ecb", 1.2345m), await RowAsync("USD", "2026-11-27"));
        Assert.Equal(("ecb", 1.24m), await RowAsync("USD", "2026-11-30"));
        // The snapshot went in first (empty table); the download replaced only the days it covers.
        Assert.Equal(290 + 1, await CountAsync("true"));
        Assert.Equal(("ecb-snapshot", 5.0611m), await RowAsync("RON", "2026-11-27"));
    }

    [Fact]
    public async Task Failing_downloads_are_retried_the_host_keeps_running_and_the_snapshot_remains()
    {
        // A network error, then a server error, then a broken file: each is a warning, never a crash.
        var handler = new FakeEcb(call => call switch
        {
            1 => throw new HttpRequestException("Name or service not known (ecb.test:443)"),
            2 => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            _ => Xml("<gesmes:Envelope xmlns:gesmes=\"http://www.gesmes.org/xml/2002-08-01\"><Cube>"),
        });
        var host = await StartAsync(handler, new() { ["Crm:Fx:RefreshUrl"] = Url, ["Crm:Fx:RefreshHours"] = "0.0002" }); // ≈ 0.7 s

        await Until(() => Task.FromResult(handler.Requests.Count >= 4), "the refresh to be retried");

        var service = host.Services.GetServices<IHostedService>().OfType<FxRefreshService>().Single();
        Assert.False(service.ExecuteTask!.IsCompleted, $"the refresh service stopped: {service.ExecuteTask.Exception}");
        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        Assert.Equal(290, await CountAsync("source = 'ecb-snapshot'"));
        Assert.Equal(290, await CountAsync("true"));
        var fx = host.Services.GetRequiredService<FxRates>();
        Assert.NotNull(await fx.ToUsdAsync(1000m, "JPY", new DateOnly(2026, 11, 28)));
    }

    [Fact]
    public async Task Without_a_refresh_url_nothing_is_downloaded_and_the_snapshot_still_loads()
    {
        var handler = new FakeEcb(_ => Xml(EcbXml.Of(("2026-11-27", "USD 9.9999"))));
        var host = await StartAsync(handler, new());

        var service = host.Services.GetServices<IHostedService>().OfType<FxRefreshService>().Single();
        await service.ExecuteTask!.WaitAsync(Patience);

        Assert.True(service.ExecuteTask.IsCompletedSuccessfully);
        Assert.Empty(handler.Requests);
        Assert.Equal(290, await CountAsync("source = 'ecb-snapshot'"));
    }

    private async Task<IHost> StartAsync(FakeEcb handler, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(database.Database);
        builder.Services.AddCrmFx();
        builder.Services.AddHttpClient(FxRefreshService.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        var host = builder.Build();
        hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    private static HttpResponseMessage Xml(string xml) => new(HttpStatusCode.OK) { Content = new StringContent(xml, Encoding.UTF8, "text/xml") };

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    private async Task<long> CountAsync(string where)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>($"select count(*) from fx_rates where {where}");
    }

    private async Task<(string Source, decimal Rate)> RowAsync(string currency, string date)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(string, decimal)>(
            "select source, units_per_eur from fx_rates where currency = @currency and rate_date = @date::date", new { currency, date });
    }

    /// <summary>Answers every request with <c>respond(callNumber)</c> and records what was asked.</summary>
    private sealed class FakeEcb(Func<int, HttpResponseMessage> respond) : HttpMessageHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<Uri> requests = new();

        public IReadOnlyCollection<Uri> Requests => requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requests.Enqueue(request.RequestUri!);
            return Task.FromResult(respond(requests.Count));
        }
    }
}
