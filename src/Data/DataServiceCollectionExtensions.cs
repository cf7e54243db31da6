using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SimpleCrm.Data.Customers;
using SimpleCrm.Data.Fx;
using SimpleCrm.Data.Orders;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Data.Workspaces;

namespace SimpleCrm.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>Registers the PostgreSQL data source and the stores, for silos and API nodes alike.</summary>
    public static IServiceCollection AddCrmData(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => CrmDataSources.Create(connectionString));
        services.AddSingleton<CrmDatabase>();
        services.AddSingleton<WorkspaceDirectory>();
        services.AddSingleton<CustomerStore>();
        services.AddSingleton<CustomerQueries>();
        services.AddSingleton<Segments.SegmentStore>();
        services.AddSingleton<OrderStore>();
        services.AddSingleton<Analytics.RevenueDailyStore>();
        services.AddSingleton<OrderQueries>();
        services.AddSingleton<CustomFields.CustomFieldStore>();
        services.AddSingleton<Products.ProductStore>();
        services.AddSingleton<FxQuoteCache>();
        services.AddSingleton<FxRates>();
        services.AddSingleton<FxRatesChanged>();
        services.AddHostedService<FxRatesChangeListener>();
        services.AddSingleton<Identity.UserDirectory>();
        services.AddSingleton<Identity.SessionStore>();
        services.AddSingleton<Identity.OneTimeTokens>();
        services.AddSingleton<Identity.SignInFailures>();
        services.AddSingleton<Identity.ApiKeyStore>();
        services.AddSingleton<Audit.ReadAuditWriter>();
        services.AddSingleton<Audit.AuditLog>();
        services.AddSingleton<Changes.OutboxHistory>();
        services.AddSingleton<Gdpr.ConsentStore>();
        services.AddSingleton<Gdpr.PersonalDataExport>();
        services.AddSingleton<Gdpr.Erasure>();
        services.AddSingleton<Activities.ActivityStore>();
        services.AddSingleton<Activities.ActivityQueries>();
        services.AddSingleton<Activities.TimelineQueries>();
        services.AddSingleton<Activities.NotificationStore>();
        services.AddSingleton<Webhooks.WebhookSubscriptionStore>();
        services.AddSingleton<Webhooks.WebhookDeliveryStore>();
        services.AddSingleton<Commerce.CommerceShopStore>();
        services.AddSingleton<Commerce.CommerceInbox>();
        services.AddSingleton<Commerce.CommerceLinks>();
        services.AddSingleton<Commerce.SourceOrderStore>();
        return services;
    }
}

public static class CrmDataSources
{
    public const int DefaultCommandTimeoutSeconds = 5;

    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // A small pool: on a few cores, more backends only queue (measured; see docs/performance.md).
        if (!connectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = 32;
        }

        builder.ApplicationName ??= "simplecrm";

        // Every setting the CRM makes is transaction-local (set_config(…, true), set local), so a pooled connection
        // carries nothing over: skipping the DISCARD ALL on each return saves a round trip per transaction and keeps
        // the prepared statements alive.
        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        // A statement stuck behind a lock gives up within seconds (the API answers 503 with Retry-After)
        // rather than letting requests pile up; bulk statements use no limit, "Command Timeout" in the connection string overrides it.
        if (!connectionString.Contains("Command Timeout", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("CommandTimeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.CommandTimeout = DefaultCommandTimeoutSeconds;
        }

        // TLS to a server on this machine protects nothing the loopback interface does not, and costs CPU at both ends
        // (a tenth of the CRM's CPU while it ingested webhooks, measured with dotnet-trace). "SSL Mode" overrides it.
        if (!connectionString.Contains("SSL Mode", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("SslMode", StringComparison.OrdinalIgnoreCase)
            && IsLoopback(builder.Host))
        {
            builder.SslMode = SslMode.Disable;
        }

        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }

    /// <summary>True when every host named is this machine (a loopback address or name, or a Unix socket directory).</summary>
    public static bool IsLoopback(string? hosts) =>
        !string.IsNullOrWhiteSpace(hosts) && hosts.Split(',').All(h =>
        {
            var host = h.Trim();
            if (host.StartsWith('[') && host.IndexOf(']') is var close and > 0)
            {
                host = host[1..close]; // "[::1]:5432"
            }
            else if (host.IndexOf(':') is var colon and > 0 && host.LastIndexOf(':') == colon)
            {
                host = host[..colon]; // "host:port"
            }

            return host.StartsWith('/') || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
        });
}
