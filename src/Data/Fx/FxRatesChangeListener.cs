using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Data.Signals;

namespace SimpleCrm.Data.Fx;

/// <summary>Raised when FX rates may have changed: a rate was written anywhere, or the notifications were lost for a while.</summary>
public sealed class FxRatesChanged : WakeSignal;

/// <summary>
/// The process's one listener on <see cref="FxRates.ChangedChannel"/>: keeps <see cref="FxQuoteCache"/> honest (emptied
/// on every notification, switched off while the connection is down, so a missed notification can only cost round
/// trips, never a stale rate) and raises <see cref="FxRatesChanged"/> for whatever else waits for new rates (e.g. the
/// restatement of orders whose USD value is pending), also after each reconnect, since notifications were missed.
/// </summary>
public sealed class FxRatesChangeListener(CrmDatabase database, FxQuoteCache cache, FxRatesChanged changed, ILogger<FxRatesChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenSharedAsync(stoppingToken);
                connection.Notification += (_, _) =>
                {
                    cache.Invalidate();
                    changed.Notify();
                };
                await using (var listen = new NpgsqlCommand($"listen {FxRates.ChangedChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                cache.SetListening(true);
                changed.Notify();
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
