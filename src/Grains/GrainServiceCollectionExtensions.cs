using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Grains.Common;

namespace SimpleCrm.Grains;

public static class GrainServiceCollectionExtensions
{
    /// <summary>Services grains depend on beyond the data layer.</summary>
    public static IServiceCollection AddCrmGrainServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Activities.TaskReminderReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<Activities.TaskReminderReconciler>());
        services.AddOptions<Segments.SegmentOptions>().BindConfiguration(Segments.SegmentOptions.Section);
        return services.AddSingleton<CurrencyConverter>();
    }
}
