using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SimpleCrm.Api.Operations;

/// <summary>Crm:Metrics settings.</summary>
public sealed class MetricsOptions
{
    /// <summary>
    /// A bearer token Prometheus may send to scrape /metrics without a user session; unset means none is
    /// accepted. Any long random string; kept only as its hash in memory.
    /// </summary>
    public string? ScrapeToken { get; set; }
}

/// <summary>Endpoint metadata: a request carrying the configured scrape token may use it without signing in.</summary>
public sealed record ScrapeTokenAccepted;

/// <summary>
/// Before access control: a request to an endpoint that accepts the scrape token and sends
/// "Authorization: Bearer &lt;token&gt;" matching Crm:Metrics:ScrapeToken is served at once. Anything else goes on
/// to the usual sign-in, so a wrong token is a 401 and a user who is not the operator a 403.
/// </summary>
public sealed class MetricsScrapeToken(RequestDelegate next, IOptionsMonitor<MetricsOptions> options)
{
    private const string Scheme = "Bearer ";

    public Task InvokeAsync(HttpContext http)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<ScrapeTokenAccepted>() is null || endpoint.RequestDelegate is not { } serve
            || options.CurrentValue.ScrapeToken is not { Length: > 0 } configured
            || http.Request.Headers.Authorization.ToString() is not { } header
            || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || !SameSecret(header[Scheme.Length..].Trim(), configured))
        {
            return next(http);
        }

        return serve(http);
    }

    /// <summary>Compares hashes in constant time, so neither the token nor its length leaks through timing.</summary>
    private static bool SameSecret(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
}
