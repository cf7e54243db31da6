using System.Globalization;
using SimpleCrm.Data.Fx;

namespace SimpleCrm.Api.Fx;

/// <summary>
/// Keeps fx_rates current. At start it loads the shipped <see cref="EcbSnapshot"/> into an empty table, so
/// a fresh install can convert without network. Then, only when <c>Crm:Fx:RefreshUrl</c> is set (an
/// operator points it at the ECB's daily or 90-day file), it downloads that file at once and every
/// <c>Crm:Fx:RefreshHours</c> (default 6). Unset means no download at all: development machines and tests
/// must never reach the internet. A failed download or a malformed file is a warning and is retried next
/// period; it never stops the host.
/// </summary>
public sealed class FxRefreshService(FxRates rates, IHttpClientFactory httpClients, IConfiguration configuration, ILogger<FxRefreshService> logger)
    : BackgroundService
{
    public const string HttpClientName = "ecb";
    public const string Source = "ecb";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = FxRefreshSettings.From(configuration, logger);
        using var timer = new PeriodicTimer(settings.Period);
        var snapshotChecked = false;
        do
        {
            snapshotChecked = snapshotChecked || await TryLoadSnapshotAsync(stoppingToken);
            if (settings.Url is not null)
            {
                await TryRefreshAsync(settings.Url, settings.Period, stoppingToken);
            }
            else if (snapshotChecked)
            {
                logger.LogInformation("FX refresh is off (Crm:Fx:RefreshUrl is not set); rates change only when an operator loads them");
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Downloads the ECB file at <paramref name="url"/>, parses it and stores it; returns the rows written.</summary>
    /// <exception cref="HttpRequestException">The download failed.</exception>
    /// <exception cref="FormatException">The file is not an ECB reference rates file; nothing was stored.</exception>
    public async Task<int> RefreshAsync(Uri url, CancellationToken cancellationToken = default)
    {
        var client = httpClients.CreateClient(HttpClientName);
        using var response = await client.GetAsync(url, cancellationToken);
        response.EnsureSuccessStatusCode();
        var parsed = EcbReferenceRates.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return await rates.UpsertAsync(parsed, Source, cancellationToken);
    }

    private async Task<bool> TryLoadSnapshotAsync(CancellationToken stoppingToken)
    {
        try
        {
            var loaded = await rates.LoadSnapshotIfEmptyAsync(stoppingToken);
            if (loaded > 0)
            {
                logger.LogInformation("Loaded {Count} approximate FX rates from the shipped snapshot into an empty fx_rates table", loaded);
            }

            return true;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not load the FX snapshot; trying again next period");
            return false;
        }
    }

    private async Task TryRefreshAsync(Uri url, TimeSpan period, CancellationToken stoppingToken)
    {
        try
        {
            var written = await RefreshAsync(url, stoppingToken);
            logger.LogInformation("FX refresh from {Url} wrote {Count} new or changed rates", url, written);
        }
        // HttpClient's own timeout is a TaskCanceledException too; only our stopping token means shutdown.
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "FX refresh from {Url} failed; keeping the stored rates and trying again in {Period}", url, period);
        }
    }
}

/// <summary>Crm:Fx:RefreshUrl (absolute http/https, unset = off) and Crm:Fx:RefreshHours (default 6).</summary>
public sealed record FxRefreshSettings(Uri? Url, TimeSpan Period)
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromHours(6);

    // PeriodicTimer takes at most ~49 days; a month is more than any reasonable refresh interval anyway.
    private const double MaxHours = 24 * 30;

    /// <summary>Reads the settings; a bad value is logged and replaced by the safe default rather than stopping the host.</summary>
    public static FxRefreshSettings From(IConfiguration configuration, ILogger logger)
    {
        Uri? url = null;
        var urlText = configuration["Crm:Fx:RefreshUrl"];
        if (!string.IsNullOrWhiteSpace(urlText))
        {
            if (Uri.TryCreate(urlText.Trim(), UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp))
            {
                url = parsed;
            }
            else
            {
                logger.LogWarning("Crm:Fx:RefreshUrl '{Url}' is not an absolute http(s) URL; FX refresh is off", urlText);
            }
        }

        var period = DefaultPeriod;
        var hoursText = configuration["Crm:Fx:RefreshHours"];
        if (!string.IsNullOrWhiteSpace(hoursText))
        {
            if (double.TryParse(hoursText, NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) && hours > 0 && hours <= MaxHours)
            {
                period = TimeSpan.FromHours(hours);
            }
            else
            {
                logger.LogWarning("Crm:Fx:RefreshHours '{Hours}' is not a number of hours above 0 and at most {Max}; using {Default}", hoursText, MaxHours, DefaultPeriod);
            }
        }

        return new FxRefreshSettings(url, period);
    }
}
