using System.Threading.Channels;

namespace SimpleCrm.Data.Signals;

/// <summary>
/// Wakes one background loop early: it waits for a signal or its poll interval, whichever comes first. Signals raised
/// while it works are folded into one, so a burst wakes it once more, never once per signal.
/// </summary>
public class WakeSignal
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => channel.Writer.TryWrite(true);

    /// <summary>Returns when signalled or when <paramref name="timeout"/> has passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await channel.Reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}
