using System.ComponentModel;
using SimpleCrm.Data.Webhooks;

namespace SimpleCrm.Api.Webhooks;

/// <summary>A subscription as the API shows it: never its secret.</summary>
public sealed record WebhookView(Guid Id, string Url, IReadOnlyList<string> Events, bool Active, string? DisabledReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static WebhookView From(WebhookSubscriptionRow row) =>
        new(row.Id, row.Url, row.Events, row.Active, row.DisabledReason, row.CreatedAt, row.UpdatedAt);
}

/// <summary>The answer to a create: the only time the signing secret is shown.</summary>
public sealed record CreatedWebhook(Guid Id, string Url, IReadOnlyList<string> Events, bool Active, string? DisabledReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Secret);

public sealed record WebhookList(IReadOnlyList<WebhookView> Items);

public sealed record WebhookEventList(IReadOnlyList<string> Items);

public sealed record NewWebhook(
    string? Url,
    IReadOnlyList<string>? Events,
    [property: Description("Your own signing secret (16–200 printable ASCII characters); left out, the server makes one.")] string? Secret,
    bool? Active);

/// <summary>A PATCH: only the fields sent change.</summary>
public sealed record WebhookChanges(string? Url = null, IReadOnlyList<string>? Events = null, bool? Active = null);

public sealed record WebhookAttemptView(int Attempt, DateTimeOffset AttemptedAt, int DurationMs, int? StatusCode, string? Error, DateTimeOffset? NextRetryAt);

/// <summary>One event for one subscription: pending (due at next_attempt_at), succeeded or failed (gave up).</summary>
public sealed record WebhookDeliveryView(
    Guid Id,
    Guid SubscriptionId,
    string Event,
    string Status,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    Guid? RedeliveryOf,
    IReadOnlyList<WebhookAttemptView> Attempts)
{
    public static WebhookDeliveryView From(WebhookDeliveryRow row, IEnumerable<WebhookAttemptRow> attempts) =>
        new(row.Id, row.SubscriptionId, row.Event, row.Status, row.NextAttemptAt, row.CreatedAt, row.CompletedAt, row.RedeliveryOf,
            attempts.Select(a => new WebhookAttemptView(a.Attempt, a.AttemptedAt, a.DurationMs, a.StatusCode, a.Error, a.NextRetryAt)).ToList());
}

public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDeliveryView> Items, string? NextCursor);

public sealed record WebhookDeliveryQueryDocs
{
    [Description("Page size, 1–200 (default 25).")]
    public int? Limit { get; init; }

    [Description("The next_cursor of the previous page.")]
    public string? Cursor { get; init; }
}
