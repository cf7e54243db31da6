using Microsoft.Extensions.Caching.Memory;
using SimpleCrm.Contracts.Access;

namespace SimpleCrm.Api.Access;

/// <summary>
/// This node's share of each caller's hourly budget. The caller's <see cref="IRateLimitGrain"/> stays the one
/// count for the cluster, but a node takes a slice of it at a time (a hundredth of the limit) and spends it
/// locally, so a busy caller costs one grain call per slice instead of one per request. The price: up to one
/// slice per node may go unused before the window ends (a caller is refused at most 1 % early per node), and
/// RateLimit-Remaining is as of the node's last slice (what the other nodes held then counts as spent). With a
/// small limit (under 200) the slice is one request, which is exactly the per-request count.
/// </summary>
public sealed class RateBudgets(IGrainFactory grains, IMemoryCache cache)
{
    public async ValueTask<RateDecision> TakeAsync(string key, int limit, TimeSpan window)
    {
        var budget = cache.GetOrCreate(("rate-budget", key), entry =>
        {
            entry.SlidingExpiration = window;
            return new Budget();
        })!;

        await budget.Gate.WaitAsync();
        try
        {
            if (budget.Tokens == 0 || DateTimeOffset.UtcNow >= budget.ResetsAt || budget.Limit != limit)
            {
                var lease = await grains.GetGrain<IRateLimitGrain>(key).LeaseAsync(limit, window, SliceOf(limit));
                budget.Tokens = lease.Granted;
                budget.RemainingElsewhere = lease.Remaining;
                budget.ResetsAt = lease.ResetsAt;
                budget.Limit = limit;
                if (lease.Granted == 0)
                {
                    return new RateDecision(false, limit, 0, lease.ResetsAt);
                }
            }

            budget.Tokens--;
            return new RateDecision(true, limit, budget.RemainingElsewhere + budget.Tokens, budget.ResetsAt);
        }
        finally
        {
            budget.Gate.Release();
        }
    }

    public static int SliceOf(int limit) => Math.Max(1, limit / 100);

    private sealed class Budget
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public int Tokens { get; set; }
        public int RemainingElsewhere { get; set; }
        public int Limit { get; set; }
        public DateTimeOffset ResetsAt { get; set; }
    }
}
