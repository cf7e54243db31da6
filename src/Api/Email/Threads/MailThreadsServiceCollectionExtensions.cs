using SimpleCrm.Data.Email;

namespace SimpleCrm.Api.Email.Threads;

public static class MailThreadsServiceCollectionExtensions
{
    /// <summary>Reply threading: the inbound stores, the threading step, the IMAP poller (Crm:MailSync) and its secrets.</summary>
    public static IServiceCollection AddCrmMailThreads(this IServiceCollection services)
    {
        services.AddOptions<MailSyncOptions>().BindConfiguration(MailSyncOptions.Section);
        services.AddSingleton<InboundMailStore>();
        services.AddSingleton<MailSyncStore>();
        services.AddSingleton<EmailThreadQuery>();
        services.AddSingleton<MailSyncSecrets>();
        services.AddSingleton<MailThreader>();
        services.AddSingleton<MailSyncImporter>();
        services.AddHostedService<MailSyncPoller>();
        return services;
    }
}
