using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace SimpleCrm.Silo.Hosting;

/// <summary>
/// Console logging for every SimpleCrm process: one readable line per entry for a person watching a
/// terminal, or one JSON object per entry (CRM_LOG_FORMAT=json) for a log collector.
/// </summary>
public static class CrmConsoleLogging
{
    public static ILoggingBuilder AddCrmConsole(this ILoggingBuilder logging, IConfiguration configuration)
    {
        var format = configuration["CRM_LOG_FORMAT"] ?? configuration["Crm:Logging:Format"];
        if (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "O";
            });
        }

        return logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = false;
            o.TimestampFormat = "HH:mm:ss ";
        });
    }
}
