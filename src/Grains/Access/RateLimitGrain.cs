using SimpleCrm.Contracts.Access;
using SimpleCrm.Grains.Access;

namespace SimpleCrm.Grains.Access;

/// <summary>
/// A fixed window per caller, counted in memory: losing a count when the grain moves or a silo restarts only
/// ever lets a caller make a few more requests, which is the right trade for not writing every request. API
/// nodes take the budget in slices (<see cref="LeaseAsync"/>) so that a busy caller costs one grain call per
/// slice, not one per request.
/// </summary>
public sealed class RateLimitGrain : Grain, IRateLimitGrain
{
    private DateTimeOffset windowStart;
    private int count;

    public Task<RateDecision> HitAsync(int limit, TimeSpan window)
    {
        var lease = Take(limit, window, 1);
        return Task.FromResult(new RateDecision(lease.Granted == 1, limit, lease.Remaining, lease.ResetsAt));
    }

    public Task<RateLease> LeaseAsync(int limit, TimeSpan window, int slice) => Task.FromResult(Take(limit, window, slice));

    private RateLease Take(int limit, TimeSpan window, int slice)
    {
        var now = DateTimeOffset.UtcNow;
        if (now - windowStart >= window)
        {
            windowStart = now;
            count = 0;
        }

        var granted = Math.Clamp(limit - count, 0, Math.Max(1, slice));
        count += granted;

        // Idle callers need no memory: deactivate after the window ends.
        DelayDeactivation(window);
        return new RateLease(granted, limit, Math.Max(0, limit - count), windowStart + window);
    }
}
