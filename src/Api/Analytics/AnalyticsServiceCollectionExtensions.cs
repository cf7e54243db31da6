using SimpleCrm.Data.Analytics;

namespace SimpleCrm.Api.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>The reports' queries and the relay of live revenue to the hub.</summary>
    public static IServiceCollection AddCrmAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AnalyticsQueries>();
        services.AddSingleton<RevenueRelay>();
        return services;
    }
}
