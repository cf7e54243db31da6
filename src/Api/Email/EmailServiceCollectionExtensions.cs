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
        services.AddSingleton<IMailTransport>(sp => ProviderOf(configuration, sp.GetRequiredService<IOptions<EmailOptions>>().Value) switch
        {
            EmailProviders.SendGrid => ActivatorUtilities.CreateInstance<SendGridTransport>(sp),
            EmailProviders.Smtp => ActivatorUtilities.CreateInstance<SmtpTransport>(sp),
            _ => ActivatorUtilities.CreateInstance<PickupTransport>(sp),
        });
        services.AddSingleton<ProviderThrottle>();
        services.AddHostedService<EmailDispatcher>();
        services.AddCrmAccountMail();
        services.AddCrmBulkEmail();
        return services;
    }

    /// <summary>The configured provider: Crm:Email:Provider or Crm:Mail:Provider; without either, smtp when an SMTP host is set, else pickup.</summary>
    public static string ProviderOf(IConfiguration configuration, EmailOptions options)
    {
        var configured = (configuration["Crm:Email:Provider"] ?? options.Provider)?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(configured))
        {
            return string.IsNullOrWhiteSpace(options.Smtp.Host) ? EmailProviders.Pickup : EmailProviders.Smtp;
        }

        return EmailProviders.All.Contains(configured)
            ? configured
            : throw new InvalidOperationException($"Crm:Mail:Provider is {configured}; use one of {string.Join(", ", EmailProviders.All)}.");
    }
}
