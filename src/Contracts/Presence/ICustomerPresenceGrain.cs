using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Contracts.Presence;

/// <summary>One browser connection viewing a customer: which person, on which API node.</summary>
[GenerateSerializer, Immutable, Alias("crm.PresenceConnection")]
public sealed record PresenceConnection(
    [property: Id(0)] string ConnectionId,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] string Name);

/// <summary>A person viewing a customer, however many of their tabs show it.</summary>
[GenerateSerializer, Immutable, Alias("crm.PresenceViewer")]
public sealed record PresenceViewer(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string Name,
    [property: Id(2)] bool Typing);

/// <summary>The complete list of people viewing a customer, published whenever it changes.</summary>
[GenerateSerializer, Immutable, Alias("crm.PresenceChanged")]
public sealed record PresenceChanged(
    [property: Id(0)] WorkspaceId Workspace,
    [property: Id(1)] Guid CustomerId,
    [property: Id(2)] IReadOnlyList<PresenceViewer> Viewers);

/// <summary>
/// Who is looking at one customer right now ("Ana is viewing", "Ana is typing a note"), so two people do not
/// answer the same customer at once. Held in memory only: it describes the present, and API nodes renew their
/// connections' presence regularly, so a lost activation refills itself and a vanished node's viewers lapse.
/// Keyed like the customer grain (customer id + workspace).
/// </summary>
[Alias("crm.ICustomerPresenceGrain")]
public interface ICustomerPresenceGrain : IGrainWithGuidCompoundKey
{
    /// <summary>The connection views the customer (again); renewing an unchanged one changes nothing.</summary>
    [Alias("join")]
    Task<IReadOnlyList<PresenceViewer>> JoinAsync(PresenceConnection connection);

    [Alias("leave")]
    Task LeaveAsync(string connectionId);

    /// <summary>Typing lapses by itself after <see cref="PresenceTimings.TypingLapse"/> unless repeated.</summary>
    /// <returns>False when the connection does not view this customer.</returns>
    [Alias("typing")]
    Task<bool> SetTypingAsync(string connectionId, bool typing);
}

public static class PresenceTimings
{
    /// <summary>How long "is typing" holds without another keystroke report.</summary>
    public static readonly TimeSpan TypingLapse = TimeSpan.FromSeconds(10);

    /// <summary>How long a connection counts as viewing without its API node renewing it.</summary>
    public static readonly TimeSpan ViewingLapse = TimeSpan.FromSeconds(90);

    /// <summary>How often API nodes renew their connections' presence (well inside <see cref="ViewingLapse"/>).</summary>
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(30);
}

public static class PresenceStreams
{
    /// <summary>Presence lists of every customer of the workspace (<see cref="PresenceChanged"/>).</summary>
    public const string Presence = "presence";
}

public static class PresenceGrainKeys
{
    public static ICustomerPresenceGrain GetCustomerPresence(this IGrainFactory grains, WorkspaceId workspace, Guid customerId) =>
        grains.GetGrain<ICustomerPresenceGrain>(customerId, workspace.ToString());
}
