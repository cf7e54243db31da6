using SimpleCrm.Data.Segments;

namespace SimpleCrm.Api.Segments;

public static class SegmentCountsServiceCollectionExtensions
{
    /// <summary>The segments' count history and the relay of their live counts to the hub.</summary>
    public static IServiceCollection AddCrmSegmentCounts(this IServiceCollection services)
    {
        services.AddSingleton<SegmentCountHistory>();
        services.AddSingleton<SegmentCountRelay>();
        return services;
    }
}
