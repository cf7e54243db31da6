using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Npgsql;

namespace SimpleCrm.Api.Hosting.DataProtection;

public static class DataProtectionSetup
{
    /// <summary>One key ring for every node, kept in PostgreSQL.</summary>
    public static IServiceCollection AddCrmDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("SimpleCrm");
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((o, dataSource) => o.XmlRepository = new PostgresXmlRepository(dataSource));
        return services;
    }
}
