using Microsoft.Extensions.Options;

namespace SimpleCrm.Api.Email;

/// <summary>
/// The provider's send rate (Crm:Mail:&lt;provider&gt;:MaxPerSecond, else Crm:Mail:MaxPerSecond), shared by every
/// sender in the process (customer mail, bulk mail and account mail), so together they stay under it.
/// </summary>
public sealed class ProviderThrottle(IMailTransport transport, IOptions<EmailOptions> options)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly TimeSpan spacing = TimeSpan.FromSeconds(1 / Math.Max(0.01, options.Value.RateFor(transport.Name)));
    private DateTimeOffset nextSlot = DateTimeOffset.MinValue;

    /// <summary>Waits for the next free send slot.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = DateTimeOffset.UtcNow;
            if (nextSlot > now)
            {
                await Task.Delay(nextSlot - now, cancellationToken);
                now = nextSlot;
            }

            nextSlot = now + spacing;
        }
        finally
        {
            gate.Release();
        }
    }
}
