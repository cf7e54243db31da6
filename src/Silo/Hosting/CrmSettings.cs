using System.Net;
using Microsoft.Extensions.Configuration;

namespace SimpleCrm.Silo.Hosting;

/// <summary>
/// Settings every SimpleCrm process reads. Environment variables win over appsettings:
/// CRM_DB (Npgsql connection string), CRM_PORT (HTTP port), CRM_MODE (cohosted | client).
/// </summary>
public sealed record CrmSettings
{
    public required string ConnectionString { get; init; }
    public string ClusterId { get; init; } = "simplecrm";
    public string ServiceId { get; init; } = "simplecrm";
    public int SiloPort { get; init; } = 11111;
    public int GatewayPort { get; init; } = 30000;

    /// <summary>The address other silos and clients reach this silo at; loopback suits one machine.</summary>
    public IPAddress AdvertisedAddress { get; init; } = IPAddress.Loopback;

    /// <summary>
    /// A grain nobody has called for this long is deactivated and its memory freed (Crm:Cluster:IdleGrainMinutes).
    /// Customers read once a day should not stay in memory all day; customers on screen are called every few seconds.
    /// </summary>
    public TimeSpan IdleGrainAge { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Grain addresses each silo caches (Crm:Cluster:DirectoryCacheSize). An entry outlives its grain until the cache
    /// is full, so the cache grows with every customer ever read, not with those in memory; sized for the grains a
    /// silo expects to have active, it stops the heap from creeping up as a shop's whole customer base is read.
    /// </summary>
    public int DirectoryCacheSize { get; init; } = 100_000;

    public string DefaultWorkspaceSlug { get; init; } = "default";
    public string DefaultWorkspaceName { get; init; } = "My shop";

    /// <summary>"auto" picks this host's first non-loopback IPv4 address (containers, several machines); empty means loopback.</summary>
    private static IPAddress ParseAddress(string? text) => text switch
    {
        null or "" => IPAddress.Loopback,
        "auto" => System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? IPAddress.Loopback,
        _ => IPAddress.Parse(text),
    };

    public static CrmSettings From(IConfiguration configuration)
    {
        var connectionString = configuration["CRM_DB"] is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : configuration.GetConnectionString("Crm");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "No database configured: set CRM_DB to an Npgsql connection string (./crm up does this for you).");
        }

        var cluster = configuration.GetSection("Crm:Cluster");
        return new CrmSettings
        {
            ConnectionString = connectionString,
            ClusterId = cluster["ClusterId"] ?? "simplecrm",
            ServiceId = cluster["ServiceId"] ?? "simplecrm",
            SiloPort = cluster.GetValue("SiloPort", 11111),
            GatewayPort = cluster.GetValue("GatewayPort", 30000),
            AdvertisedAddress = ParseAddress(cluster["AdvertisedAddress"]),
            IdleGrainAge = TimeSpan.FromMinutes(cluster.GetValue("IdleGrainMinutes", 15.0)),
            DirectoryCacheSize = cluster.GetValue("DirectoryCacheSize", 100_000),
            DefaultWorkspaceSlug = configuration["Crm:DefaultWorkspace:Slug"] ?? "default",
            DefaultWorkspaceName = configuration["Crm:DefaultWorkspace:Name"] ?? "My shop",
        };
    }
}
