using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Fx;

/// <summary>
/// Keeps <see cref="FxQuoteCache"/> honest in this process: listens on <see cref="FxRates.ChangedChannel"/> and empties
/// the cache on every notification. While the connection is down the cache is switched off, so a missed
/// notification can only cost round trips, never a stale rate.
/// </summary>
public sealed class FxRatesChangeListener(CrmDatabase database, FxQuoteCache cache, ILogger<FxRatesChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenSharedAsync(stoppingToken);
                connection.Notification += (_, _) => cache.Invalidate();
                await using (var listen = new NpgsqlCommand($"listen {FxRates.ChangedChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                cache.SetListening(true);
                while (!stoppingToken.IsCancellationRequested)
                {
                    // The timeout only bounds how long a dead connection can go unnoticed; a wait that ends without a
                    // notification proves the connection alive with a round trip.
                    if (!await connection.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("select 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                cache.SetListening(false);
                logger.LogWarning(e, "Lost the FX rate change notifications; converting without the rate cache until they are back");
                await Task.Delay(RetryAfterFailure, stoppingToken);
            }
            finally
            {
                cache.SetListening(false);
            }
        }
    }
}
