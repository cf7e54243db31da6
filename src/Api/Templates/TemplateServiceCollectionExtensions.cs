using SimpleCrm.Data.Templates;

namespace SimpleCrm.Api.Templates;

public static class TemplateServiceCollectionExtensions
{
    /// <summary>Message templates: their store, the facts they render from and the sandboxed Liquid renderer.</summary>
    public static IServiceCollection AddCrmTemplates(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<TemplateStore>();
        services.AddSingleton<RecipientFactsQuery>();
        services.AddSingleton<TemplateRenderer>();
        return services;
    }
}
