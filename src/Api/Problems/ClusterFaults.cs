namespace SimpleCrm.Api.Problems;

/// <summary>
/// Failures that mean "not now" rather than "never": a silo lost or not answering in time, the cluster refusing the
/// message, the database down, restarting, out of connections or out of time. The API answers them with 503; work
/// in the background tries again later instead of giving up on the item.
/// </summary>
public static class ClusterFaults
{
    /// <remarks>
    /// OrleansException covers a silo lost (SiloUnavailableException) and a message refused
    /// (OrleansMessageRejectionException); an exception a grain method throws reaches the caller as itself.
    /// </remarks>
    public static bool IsUnavailable(Exception exception) =>
        Find<Orleans.Runtime.OrleansException>(exception) is not null
        || Find<SimpleCrm.Contracts.Common.DependencyUnavailableException>(exception) is not null
        || SimpleCrm.Data.DatabaseFaults.IsUnavailable(exception)
        || IsDatabaseFailureInActivation(exception);

    /// <summary>
    /// A grain that cannot load its state (the database is down or restarting) fails to activate, and Orleans
    /// cannot carry the driver's exception back to this node: the call ends in a codec failure naming it. Calls
    /// on active grains are answered with DependencyUnavailableException instead (the silos' DatabaseFaultFilter).
    /// </summary>
    private static bool IsDatabaseFailureInActivation(Exception exception) =>
        Find<Orleans.Serialization.CodecNotFoundException>(exception) is { } codec
        && codec.Message.Contains("Npgsql.", StringComparison.Ordinal);

    public static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }

        return null;
    }
}
