using Microsoft.Extensions.Options;

namespace SimpleCrm.Api.Email;

/// <summary>
/// The provider's send rate (Crm:Mail:&lt;provider&gt;:MaxPerSecond, else Crm:Mail:MaxPerSecond), shared by every
/// sender in the process (customer mail, bulk mail and account mail), so together they stay under it.
/// </summary>
/// <remarks>
/// Slots follow one schedule, one every 1/rate seconds. A sleep on this machine's timers lasts a few milliseconds
/// longer than asked, so slots that fell due during it may be used at once, up to <see cref="CatchUp"/>'s worth;
/// restarting the schedule from "now" after every late wake-up would lose that time on each sleep and, at hundreds
/// of sends a second, a large part of the rate.
/// </remarks>
public sealed class ProviderThrottle(IMailTransport transport, IOptions<EmailOptions> options)
{
    /// <summary>How far behind the schedule may be caught up at once (at 500/s: 25 sends).</summary>
    private static readonly TimeSpan CatchUp = TimeSpan.FromMilliseconds(50);

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly TimeSpan spacing = TimeSpan.FromSeconds(1 / Math.Max(0.01, options.Value.RateFor(transport.Name)));
    private DateTimeOffset nextSlot = DateTimeOffset.MinValue;

    /// <summary>The sends a second it allows.</summary>
    public double PerSecond => 1 / spacing.TotalSeconds;

    /// <summary>Waits for the next free send slot.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = DateTimeOffset.UtcNow;
            if (nextSlot < now - CatchUp)
            {
                nextSlot = now - CatchUp;
            }

            if (nextSlot > now)
            {
                await Task.Delay(nextSlot - now, cancellationToken);
            }

            nextSlot += spacing;
        }
        finally
        {
            gate.Release();
        }
    }
}
