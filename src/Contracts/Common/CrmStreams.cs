namespace SimpleCrm.Contracts.Common;

/// <summary>
/// Names of the live streams. Streams are keyed by workspace id, so a subscriber only ever
/// receives one workspace's events.
/// </summary>
public static class CrmStreams
{
    /// <summary>The memory stream provider that carries live pushes from grains to API nodes.</summary>
    public const string Provider = "live";

    /// <summary>Storage for stream subscriptions (pub-sub), shared by every silo.</summary>
    public const string PubSubStore = "PubSubStore";

    public const string CustomerChanges = "customer-changes";
}
