using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Grains.Common;

namespace SimpleCrm.Grains;

public static class GrainServiceCollectionExtensions
{
    /// <summary>Services grains depend on beyond the data layer.</summary>
    public static IServiceCollection AddCrmGrainServices(this IServiceCollection services) =>
        services.AddSingleton<CurrencyConverter>();
}
