namespace SimpleCrm.Data.Webhooks;

/// <summary>
/// The events a webhook may subscribe to: outbox topics written by the change journal. A new event joins by being
/// added here (its writer must already put it in the outbox with the change).
/// </summary>
public static class WebhookEvents
{
    public static readonly IReadOnlyList<string> Catalog =
    [
        "customer.created",
        "customer.updated",
        "customer.deleted",
        "order.created",
        "order.updated",
        "order.status_changed",
        "segment.entered",
        "segment.left",
    ];

    public static bool IsKnown(string name) => Catalog.Contains(name, StringComparer.Ordinal);
}
