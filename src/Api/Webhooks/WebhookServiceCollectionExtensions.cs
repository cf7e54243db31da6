using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace SimpleCrm.Api.Webhooks;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>Outbound webhooks: settings (Crm:Webhooks), the guarded HTTP client, the sender and its background loop.</summary>
    public static IServiceCollection AddCrmWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<WebhookDispatcher>();
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(sp => GuardedHandler(sp.GetRequiredService<IOptions<WebhookOptions>>().Value));
        return services;
    }

    /// <summary>
    /// Resolves the target itself and connects only to addresses it has checked, so a name that resolves to a
    /// public address at subscribe time and to an internal one later (DNS rebinding) is still refused. No proxy
    /// (it would connect in our place) and no redirects (a receiver could redirect inward).
    /// </summary>
    private static SocketsHttpHandler GuardedHandler(WebhookOptions settings) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = settings.Timeout,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = await WebhookTargets.ResolveAsync(host, cancellationToken);
            if (!settings.AllowPrivateTargets && WebhookTargets.Refusal(host, addresses) is { } refusal)
            {
                throw new WebhookTargetRefusedException(refusal);
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
