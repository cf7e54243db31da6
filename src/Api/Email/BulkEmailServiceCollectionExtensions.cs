using SimpleCrm.Api.Mail;
using SimpleCrm.Data.Email;
using SimpleCrm.Data.Mail;

namespace SimpleCrm.Api.Email;

public static class BulkEmailServiceCollectionExtensions
{
    /// <summary>Bulk email: the job store and the runner that renders and queues its recipients.</summary>
    public static IServiceCollection AddCrmBulkEmail(this IServiceCollection services)
    {
        services.AddSingleton<BulkEmailStore>();
        services.AddHostedService<BulkEmailRunner>();
        return services;
    }

    /// <summary>Account mail (invitations, resets) through the configured provider.</summary>
    public static IServiceCollection AddCrmAccountMail(this IServiceCollection services)
    {
        services.AddSingleton<AccountMailStore>();
        services.AddHostedService<AccountMailDispatcher>();
        return services;
    }
}
