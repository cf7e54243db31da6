using Microsoft.Extensions.Logging;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data;

namespace SimpleCrm.Silo.Hosting;

/// <summary>
/// Npgsql's exceptions cannot cross from a silo to an API node (Orleans has no codec for them), so an unreachable
/// or timed-out database would reach the client as a 500. This turns them into <see cref="DependencyUnavailableException"/>,
/// which the API answers with 503 and Retry-After.
/// </summary>
public sealed class DatabaseFaultFilter(ILogger<DatabaseFaultFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (e is not DependencyUnavailableException && DatabaseFaults.IsUnavailable(e))
        {
            logger.LogWarning(e, "Database unavailable during {Grain}.{Method}", context.InterfaceName, context.MethodName);
            throw new DependencyUnavailableException($"The database is unavailable: {e.GetType().Name}.");
        }
    }
}
