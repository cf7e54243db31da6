using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;
using SimpleCrm.Api.Access;
using SimpleCrm.Silo.Hosting;

namespace SimpleCrm.Api.Operations;

/// <summary>
/// What an operator sees of a running CRM: one log line per request, OpenTelemetry traces and metrics, the
/// admin-only Prometheus endpoint (/metrics) and the Orleans dashboard (/ops/orleans). docs/operations.md.
/// </summary>
public static class OperationsSetup
{
    public const string MetricsPath = "/metrics";
    public const string DashboardPath = "/ops/orleans";

    public static IServiceCollection AddCrmOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MetricsOptions>(configuration.GetSection("Crm:Metrics"));
        services.AddSingleton<BacklogSampler>();
        services.AddHostedService(s => s.GetRequiredService<BacklogSampler>());
        services.Configure<HubOptions>(o => o.AddFilter<HubConnectionCounter>());
        services.AddSingleton<HubConnectionCounter>();
        services.AddSingleton(s =>
        {
            var meter = s.GetRequiredService<IMeterFactory>().Create(CrmTelemetry.MeterName);
            var sampler = s.GetRequiredService<BacklogSampler>();
            BacklogSampler.Register(meter, () => sampler.Latest, s.GetRequiredService<HubConnectionCounter>());
            return new CrmMeter(meter);
        });
        services.AddHostedService<CrmMeterStarter>();
        services.AddCrmTelemetry(configuration, "simplecrm-api", m => m.AddPrometheusExporter());
        return services;
    }

    /// <summary>First in the pipeline, so the line carries the status the exception handler answered with.</summary>
    public static IApplicationBuilder UseCrmRequestLog(this IApplicationBuilder app) => app.UseMiddleware<RequestLogLine>();

    /// <summary>Before authentication: Prometheus' scrape token is not a user's access token.</summary>
    public static IApplicationBuilder UseCrmMetricsScrapeToken(this IApplicationBuilder app) => app.UseMiddleware<MetricsScrapeToken>();

    /// <summary>After access control, which has resolved the caller.</summary>
    public static IApplicationBuilder UseCrmOperatorAccess(this IApplicationBuilder app) => app.UseMiddleware<OperatorAccess>();

    public static void MapCrmOperations(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireSignIn()
            .WithMetadata(new OperatorOnly(Permissions.OpsMetricsScope), new ScrapeTokenAccepted()).ExcludeFromDescription();
        app.MapOrleansDashboard(DashboardPath).RequireSignIn().WithMetadata(new OperatorOnly()).ExcludeFromDescription();
    }
}

/// <summary>SimpleCrm's own meter, its gauges registered.</summary>
public sealed record CrmMeter(Meter Meter);

/// <summary>Creates the meter at start, so its gauges exist before the first scrape.</summary>
public sealed class CrmMeterStarter(CrmMeter meter) : IHostedService
{
    public CrmMeter Meter { get; } = meter;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
