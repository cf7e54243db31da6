using System.Diagnostics;
using Microsoft.Extensions.Options;
using MimeKit;
using SimpleCrm.Api.Email;

namespace SimpleCrm.Tests.Templates;

/// <summary>
/// The provider throttle never lets senders go faster than the configured rate, apart from the short catch-up after
/// a late wake-up. Only the lower bound on time is checked: a loaded machine can make it slower, never faster.
/// </summary>
public sealed class ProviderThrottleTests
{
    private sealed class NamedTransport : IMailTransport
    {
        public string Name => EmailProviders.Smtp;

        public Task SendAsync(MimeMessage message, MailHandOver? handOver, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public async Task Eight_senders_together_stay_within_the_rate()
    {
        var options = new EmailOptions();
        options.Smtp.MaxPerSecond = 200;
        var throttle = new ProviderThrottle(new NamedTransport(), Options.Create(options));
        await throttle.WaitAsync(CancellationToken.None); // the schedule starts here

        var clock = Stopwatch.StartNew();
        var remaining = 100;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await throttle.WaitAsync(CancellationToken.None);
            }
        }));

        // 100 sends at 200/s take 0.5 s; at most 50 ms of them (10 sends) may be caught up at once.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(440), $"100 sends took only {clock.Elapsed.TotalMilliseconds:F0} ms at 200/s");
        Assert.Equal(200, throttle.PerSecond, precision: 6);
    }
}
