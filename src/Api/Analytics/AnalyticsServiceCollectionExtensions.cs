using SimpleCrm.Data.Analytics;

namespace SimpleCrm.Api.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>The reports' queries.</summary>
    public static IServiceCollection AddCrmAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AnalyticsQueries>();
        return services;
    }
}
