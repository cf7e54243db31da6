using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Data.Audit;
using SimpleCrm.Data.Lists;
using SimpleCrm.Data.Webhooks;

namespace SimpleCrm.Api.Webhooks;

/// <summary>/api/v1/webhooks: outbound subscriptions, their delivery log and redelivery; /api/v1/webhook-events: the catalog (admins).</summary>
public static class WebhookEndpoints
{
    public static void MapWebhooks(this RouteGroupBuilder api)
    {
        var webhooks = api.MapResource("/webhooks", "Webhooks", StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .RequirePermission(Permission.WebhooksManage);
        webhooks.MapGet("", ListAsync).WithName("ListWebhooks").WithSummary("List subscriptions (never their secrets)");
        webhooks.MapPost("", CreateAsync).WithName("CreateWebhook").WithSummary("Subscribe a URL to events: the answer is the only time the signing secret is shown");
        webhooks.MapGet("/{id:guid}", GetAsync).WithName("GetWebhook").WithSummary("One subscription");
        webhooks.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateWebhook").WithSummary("Change the URL, events or active; switching on again clears the reason it was switched off");
        webhooks.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteWebhook").WithSummary("Delete a subscription with its delivery log");
        webhooks.MapGet("/{id:guid}/deliveries", DeliveriesAsync).WithName("ListWebhookDeliveries").WithQueryDocs<WebhookDeliveryQueryDocs>()
            .WithSummary("The subscription's deliveries, newest first, each with every attempt (status code, duration, error, next retry)");
        webhooks.MapPost("/deliveries/{deliveryId:guid}/redeliver", RedeliverAsync).WithName("RedeliverWebhook")
            .WithSummary("Send a delivery's event again, as a new delivery due now");

        // Beside the group rather than under it: /webhooks/events would share its shape with /webhooks/{id}.
        api.MapResource("/webhook-events", "Webhooks").RequirePermission(Permission.WebhooksManage)
            .MapGet("", Events).WithName("ListWebhookEvents").WithSummary("The events a subscription may choose from");
    }

    private static Ok<WebhookEventList> Events() => TypedResults.Ok(new WebhookEventList(WebhookEvents.Catalog));

    private static async Task<Ok<WebhookList>> ListAsync(Caller caller, WebhookSubscriptionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new WebhookList((await store.ListAsync(caller.Workspace, cancellationToken)).Select(WebhookView.From).ToList()));

    private static async Task<Results<Ok<WebhookView>, NotFound>> GetAsync(Guid id, Caller caller, WebhookSubscriptionStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(caller.Workspace, id, cancellationToken) is { } row ? TypedResults.Ok(WebhookView.From(row)) : TypedResults.NotFound();

    private static async Task<Results<Created<CreatedWebhook>, ProblemHttpResult>> CreateAsync(
        NewWebhook body, Caller caller, WebhookSubscriptionStore store, WebhookSecrets secrets, IOptions<WebhookOptions> options, AuditLog audit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var url = await CheckUrlAsync(body.Url, options.Value, errors, cancellationToken);
        var events = CheckEvents(body.Events, errors);
        if (body.Secret is { } own && WebhookSecrets.Problem(own) is { } secretProblem)
        {
            errors["secret"] = [secretProblem];
        }

        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        var secret = body.Secret ?? WebhookSecrets.New();
        var row = await store.CreateAsync(caller.Workspace, url!, events!, secrets.Protect(secret), body.Active ?? true, cancellationToken);
        await audit.RecordAsync(caller.Workspace, caller.Change, "create", "webhook", row.Id, new { row.Url, row.Events, row.Active }, cancellationToken);
        return TypedResults.Created($"/api/v1/webhooks/{row.Id}",
            new CreatedWebhook(row.Id, row.Url, row.Events, row.Active, row.DisabledReason, row.CreatedAt, row.UpdatedAt, secret));
    }

    private static async Task<Results<Ok<WebhookView>, ProblemHttpResult, NotFound>> UpdateAsync(
        Guid id, WebhookChanges body, Caller caller, WebhookSubscriptionStore store, IOptions<WebhookOptions> options, AuditLog audit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var url = body.Url is null ? null : await CheckUrlAsync(body.Url, options.Value, errors, cancellationToken);
        var events = body.Events is null ? null : CheckEvents(body.Events, errors);
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        if (await store.UpdateAsync(caller.Workspace, id, new WebhookSubscriptionChanges(url, events, body.Active), cancellationToken) is not { } row)
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(caller.Workspace, caller.Change, "update", "webhook", row.Id, new { url, events, body.Active }, cancellationToken);
        return TypedResults.Ok(WebhookView.From(row));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, Caller caller, WebhookSubscriptionStore store, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(caller.Workspace, id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(caller.Workspace, caller.Change, "delete", "webhook", id, null, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<WebhookDeliveryPage>, ProblemHttpResult, NotFound>> DeliveriesAsync(
        Guid id, HttpContext http, Caller caller, WebhookSubscriptionStore subscriptions, WebhookDeliveryStore deliveries, CancellationToken cancellationToken)
    {
        var query = new QueryReader(http.Request.Query);
        var page = query.Page();
        if (page.Offset > 0)
        {
            query.Fail("offset", "Not available here; page with cursor.");
        }

        if (page.IncludeTotal)
        {
            query.Fail("include_total", "Not available here.");
        }

        if (!query.Complete())
        {
            return CommandResultHttp.FieldProblem(400, "Invalid query", "One or more query parameters are invalid.", query.Errors);
        }

        if (await subscriptions.FindAsync(caller.Workspace, id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        try
        {
            var (rows, attempts) = await deliveries.ListAsync(caller.Workspace, id, page, cancellationToken);
            return TypedResults.Ok(new WebhookDeliveryPage(rows.Items.Select(d => WebhookDeliveryView.From(d, attempts[d.Id])).ToList(), rows.NextCursor));
        }
        catch (InvalidCursorException e)
        {
            return CommandResultHttp.FieldProblem(400, "Invalid query", e.Message, new Dictionary<string, string[]> { ["cursor"] = [e.Message] });
        }
    }

    private static async Task<Results<Accepted<WebhookDeliveryView>, ProblemHttpResult>> RedeliverAsync(
        Guid deliveryId, Caller caller, WebhookDeliveryStore deliveries, AuditLog audit, CancellationToken cancellationToken)
    {
        var (row, refusal) = await deliveries.RedeliverAsync(caller.Workspace, deliveryId, cancellationToken);
        switch (refusal)
        {
            case RedeliveryRefusal.NotFound:
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No such delivery.");
            case RedeliveryRefusal.SubscriptionInactive:
                return CommandResultHttp.FieldProblem(StatusCodes.Status409Conflict, "Conflict", "The subscription is switched off; switch it on first.",
                    new Dictionary<string, string[]> { ["active"] = ["The subscription is switched off; switch it on first."] });
        }

        await audit.RecordAsync(caller.Workspace, caller.Change, "redeliver", "webhook", row!.SubscriptionId, new { delivery = deliveryId, redelivery = row.Id }, cancellationToken);
        return TypedResults.Accepted($"/api/v1/webhooks/{row.SubscriptionId}/deliveries", WebhookDeliveryView.From(row, []));
    }

    private static async Task<string?> CheckUrlAsync(string? url, WebhookOptions options, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (WebhookTargets.ShapeProblem(url, out var uri) is { } shape)
        {
            errors["url"] = [shape];
            return null;
        }

        if (await WebhookTargets.AddressProblemAsync(uri!, options.AllowPrivateTargets, cancellationToken) is { } address)
        {
            errors["url"] = [address];
            return null;
        }

        return uri!.AbsoluteUri;
    }

    private static List<string>? CheckEvents(IReadOnlyList<string>? events, Dictionary<string, string[]> errors)
    {
        if (events is not { Count: > 0 })
        {
            errors["events"] = [$"Choose one or more of: {string.Join(", ", WebhookEvents.Catalog)}."];
            return null;
        }

        var unknown = events.Where(e => !WebhookEvents.IsKnown(e)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            errors["events"] = [$"Unknown events: {string.Join(", ", unknown)}. Choose from: {string.Join(", ", WebhookEvents.Catalog)}."];
            return null;
        }

        return WebhookEvents.Catalog.Where(events.Contains).ToList();
    }

    private static ProblemHttpResult Invalid(Dictionary<string, string[]> errors) => Problem.Invalid(errors);
}
