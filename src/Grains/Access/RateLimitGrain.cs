using SimpleCrm.Contracts.Access;
using SimpleCrm.Grains.Access;

namespace SimpleCrm.Grains.Access;

/// <summary>
/// A fixed window per caller, counted in memory: losing a count when the grain moves or a silo restarts only
/// ever lets a caller make a few more requests, which is the right trade for not writing every request.
/// </summary>
public sealed class RateLimitGrain : Grain, IRateLimitGrain
{
    private DateTimeOffset windowStart;
    private int count;

    public Task<RateDecision> HitAsync(int limit, TimeSpan window)
    {
        var now = DateTimeOffset.UtcNow;
        if (now - windowStart >= window)
        {
            windowStart = now;
            count = 0;
        }

        var allowed = count < limit;
        if (allowed)
        {
            count++;
        }

        // Idle callers need no memory: deactivate after the window ends.
        DelayDeactivation(window);
        return Task.FromResult(new RateDecision(allowed, limit, Math.Max(0, limit - count), windowStart + window));
    }
}
