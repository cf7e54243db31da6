using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace SimpleCrm.Api.Hosting.DataProtection;

/// <summary>
/// Keeps ASP.NET Core Data Protection keys in PostgreSQL, so every API node and silo decrypts what another
/// encrypted (MFA secrets, the token signing key, integration secrets).
/// </summary>
public sealed class PostgresXmlRepository(NpgsqlDataSource dataSource) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = dataSource.OpenConnection();
        return connection.Query<string>("select xml from data_protection_keys order by created_at").Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = dataSource.OpenConnection();
        connection.Execute(
            "insert into data_protection_keys (friendly_name, xml) values (@friendlyName, @xml) on conflict (friendly_name) do nothing",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
