using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace SimpleCrm.Silo.Hosting;

public static class ShippedSettings
{
    /// <summary>
    /// Adds the appsettings.json built next to the process's assembly as the lowest-priority source. A process
    /// is usually started from the repository root or a service folder, whose content root has no such file,
    /// and its log levels (framework chatter at Warning) must hold wherever it is started from.
    /// </summary>
    public static IConfigurationManager AddShippedDefaults(this IConfigurationManager configuration)
    {
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json")))
        {
            configuration.Sources.Insert(0, new JsonConfigurationSource
            {
                FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
                Path = "appsettings.json",
                Optional = true,
            });
        }

        return configuration;
    }
}
