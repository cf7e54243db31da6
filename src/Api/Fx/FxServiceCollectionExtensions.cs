using Microsoft.Extensions.DependencyInjection.Extensions;
using SimpleCrm.Data.Fx;

namespace SimpleCrm.Api.Fx;

public static class FxServiceCollectionExtensions
{
    /// <summary>
    /// Registers the FX rates store, the refresh service and its "ecb" HttpClient. Needs
    /// <c>AddCrmData</c> (for <c>CrmDatabase</c>). Lives in the API project because the data project
    /// does not reference Microsoft.Extensions.Http.
    /// </summary>
    public static IServiceCollection AddCrmFx(this IServiceCollection services)
    {
        // TryAdd: AddCrmData may register the store already (grains convert order totals with it).
        services.TryAddSingleton<FxQuoteCache>();
        services.TryAddSingleton<FxRates>();
        services.AddHostedService<FxRefreshService>();
        services.AddHttpClient(FxRefreshService.HttpClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(60);
            // The ECB's largest file (the full history) is a few MB; far more than that is not a rates file.
            client.MaxResponseContentBufferSize = 64L * 1024 * 1024;
        });
        return services;
    }

    /// <summary>Restates orders whose USD value is pending when rates arrive; needs grains, workspaces and order queries.</summary>
    public static IServiceCollection AddCrmPendingUsdRestatement(this IServiceCollection services)
    {
        services.AddSingleton<PendingUsdRestater>();
        services.AddHostedService(provider => provider.GetRequiredService<PendingUsdRestater>());
        return services;
    }
}
