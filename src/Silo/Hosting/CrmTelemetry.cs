using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SimpleCrm.Silo.Hosting;

/// <summary>
/// OpenTelemetry for every SimpleCrm process, configured by the standard OTEL_* variables: traces from Kestrel
/// through the grain call to the SQL statements, and the metrics docs/operations.md lists. Nothing leaves the
/// process unless an OTLP endpoint is configured.
/// </summary>
public static class CrmTelemetry
{
    /// <summary>The meter of SimpleCrm's own instruments (queue depths, lags, hub connections).</summary>
    public const string MeterName = "SimpleCrm";

    /// <summary>
    /// Orleans' spans of application grain calls. Its runtime source is left out: stream polling and timers make
    /// thousands of spans a second that belong to no request.
    /// </summary>
    public static readonly string[] OrleansActivitySources = ["Microsoft.Orleans.Application"];

    public const string OrleansMeterName = "Microsoft.Orleans";

    public static IServiceCollection AddCrmTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName,
        Action<MeterProviderBuilder>? metrics = null)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : serviceName))
            .WithTracing(t => t
                // Failures become exception events on the span: what an OTLP error tracker (e.g. Sentry) reads.
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.RecordException = true;
                    o.Filter = http => !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics");
                })
                .AddHttpClientInstrumentation(o => o.RecordException = true)
                .AddSource(OrleansActivitySources)
                .AddNpgsql())
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(OrleansMeterName, MeterName);
                // Each metric stream keeps an array of this many points, allocated up front (with the SDK's default of
                // 2,000, about a quarter megabyte per instrument, a few hundred instruments per process).
                if (configuration.GetValue<int?>("Crm:Telemetry:MetricCardinalityLimit") is int limit and > 0)
                {
                    m.AddView(_ => new MetricStreamConfiguration { CardinalityLimit = limit });
                }

                metrics?.Invoke(m);
            });
        if (configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 })
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }
}
