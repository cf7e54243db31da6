using Microsoft.Extensions.Options;
using SimpleCrm.Data.Email;

namespace SimpleCrm.Api.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>Customer email: settings (Crm:Mail), the store, the transport chosen by configuration and the dispatcher.</summary>
    public static IServiceCollection AddCrmEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EmailOptions>(configuration.GetSection(EmailOptions.Section));
        services.AddSingleton<EmailMessageStore>();
        services.AddSingleton<EmailSuppressionStore>();
        services.AddSingleton<EmailComposer>();
        services.AddSingleton<LocalMailboxQuery>();
        services.AddSingleton<UnsubscribeTokens>();
        services.AddSingleton<TrackingLinks>();
        services.AddSingleton<IMailTransport>(sp => string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<EmailOptions>>().Value.Smtp.Host)
            ? ActivatorUtilities.CreateInstance<PickupTransport>(sp)
            : ActivatorUtilities.CreateInstance<SmtpTransport>(sp));
        services.AddHostedService<EmailDispatcher>();
        return services;
    }
}
