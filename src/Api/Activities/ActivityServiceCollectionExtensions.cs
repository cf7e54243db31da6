using Microsoft.Extensions.Options;

namespace SimpleCrm.Api.Activities;

public static class ActivityServiceCollectionExtensions
{
    /// <summary>The attachment store (local disk under Crm:Attachments:Path).</summary>
    public static IServiceCollection AddCrmActivities(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AttachmentOptions>(configuration.GetSection(AttachmentOptions.Section));
        services.AddSingleton<IAttachmentStore>(sp =>
        {
            var path = sp.GetRequiredService<IOptions<AttachmentOptions>>().Value.Path;
            var root = Path.IsPathRooted(path) ? path : Path.Combine(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath, path);
            return new LocalDiskAttachmentStore(root);
        });
        return services;
    }
}
