using SimpleCrm.Api.Email;
using SimpleCrm.Data.Templates;

namespace SimpleCrm.Api.Templates;

public static class TemplateServiceCollectionExtensions
{
    /// <summary>Communication: message templates (store, the facts they render from, the sandboxed Liquid renderer) and customer email.</summary>
    public static IServiceCollection AddCrmCommunication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<TemplateStore>();
        services.AddSingleton<RecipientFactsQuery>();
        services.AddSingleton<TemplateRenderer>();
        services.AddCrmEmail(configuration);
        return services;
    }
}
