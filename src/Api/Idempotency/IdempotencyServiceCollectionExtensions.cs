using Microsoft.AspNetCore.OpenApi;
using SimpleCrm.Data.Idempotency;

namespace SimpleCrm.Api.Idempotency;

public static class IdempotencyServiceCollectionExtensions
{
    public const string Section = "Crm:Idempotency";

    public static IServiceCollection AddCrmIdempotency(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<IdempotencyOptions>(configuration.GetSection(Section));
        services.AddSingleton<IdempotencyStore>();
        services.AddHostedService<IdempotencyPurge>();
        services.AddSingleton<IdempotencyLeases>();
        services.AddHostedService(sp => sp.GetRequiredService<IdempotencyLeases>());
        services.Configure<OpenApiOptions>("v1", o => o.AddOperationTransformer(IdempotencyKeyDocs.TransformAsync));
        return services;
    }

    /// <summary>After access control: the key is scoped to the caller it resolved.</summary>
    public static IApplicationBuilder UseCrmIdempotency(this IApplicationBuilder app) => app.UseMiddleware<IdempotentRetries>();
}
