using System.Text.Json;
using SimpleCrm.Contracts.Commerce;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Contracts.Orders;
using SimpleCrm.Data.Audit;
using SimpleCrm.Data.Commerce;
using SimpleCrm.Data.Gdpr;

namespace SimpleCrm.Api.Commerce;

/// <summary>
/// Turns one inbox event into changes, through the CRM's own write paths: customers through their grains (via the
/// shop customer's grain), orders through their order grain, products into the catalog, privacy requests through
/// GDPR erasure. Every path is idempotent and ignores states older than the one held, so the drain may repeat an
/// event (after a crash) or get them out of order. A failure throws; the drain retries and finally dead-letters it.
/// </summary>
public sealed class CommerceEventApplier(IGrainFactory grains, CommerceShopStore shops, CommerceLinks links, Erasure erasure, AuditLog audit, ILogger<CommerceEventApplier> logger)
{
    /// <summary>The catalog needs a currency and product webhooks carry none; prices are kept in this one.</summary>
    public const string ProductCurrency = "USD";

    public async Task ApplyAsync(InboxEvent e, CommerceShop shop, CancellationToken cancellationToken)
    {
        var workspace = new WorkspaceId(e.WorkspaceId);
        var context = new ChangeContext($"system:{shop.Platform}", $"webhook:{e.Id}", null);
        using var document = JsonDocument.Parse(e.Body);
        var body = document.RootElement;
        var target = new Target(workspace, shop, context);
        if (shop.Platform == "shopify")
        {
            await ApplyShopifyAsync(target, e.Topic, body, e.TriggeredAt, cancellationToken);
        }
        else if (shop.Platform == "api")
        {
            await ApplyIngestedAsync(target, e.Topic, e.Body);
        }
        else
        {
            await ApplyWooAsync(target, e.Topic, body, cancellationToken);
        }
    }

    private sealed record Target(WorkspaceId Workspace, CommerceShop Shop, ChangeContext Context)
    {
        public Guid ShopId => Shop.Id;

        public string SourceKey => Shop.SourceKey;
    }

    private async Task ApplyShopifyAsync(Target t, string topic, JsonElement body, DateTimeOffset? triggeredAt, CancellationToken cancellationToken)
    {
        switch (topic)
        {
            case "orders/create" or "orders/updated" or "orders/paid" or "orders/cancelled" or "orders/fulfilled" or "orders/partially_fulfilled":
                await ApplyOrderAsync(t, ShopifyPayloads.Order(body, t.ShopId, t.SourceKey, triggeredAt), ShopifyPayloads.Buyer(body, t.ShopId, t.SourceKey), isCreate: topic == "orders/create");
                break;
            case "orders/edited":
                // Carries only the edit's summary; Shopify follows it with orders/updated holding the edited order.
                break;
            case "refunds/create":
                var orderId = SourceOrderKeys.OrderId(t.Workspace, t.ShopId, body.Id("order_id") ?? throw new SourceDataException("refund.order_id is missing."));
                Check(await grains.GetSourceOrder(t.Workspace, orderId).ApplySourceRefundAsync(ShopifyPayloads.Refund(body), t.Context));
                break;
            case "customers/create" or "customers/update":
                Check(await CustomerGrain(t, body.Id("id")).ApplyAsync(ShopifyPayloads.Customer(body, t.ShopId, t.SourceKey, triggeredAt), t.Context));
                break;
            case "customers/delete":
                Check(await CustomerGrain(t, body.Id("id")).RemoveAsync(t.SourceKey, t.Context));
                break;
            case "products/create" or "products/update":
                await links.UpsertProductAsync(t.Workspace, t.ShopId, t.SourceKey, Required(body.Id("id"), "product.id"), body.Text("title") ?? "Product",
                    Math.Max(0, body.Items("variants").FirstOrDefault().MoneyOrNull("price") ?? 0), ProductCurrency, body.Time("updated_at") ?? triggeredAt, t.Context, cancellationToken);
                break;
            case "products/delete":
                await links.DeleteProductAsync(t.Workspace, t.ShopId, Required(body.Id("id"), "product.id"), t.Context, cancellationToken);
                break;
            case "app/uninstalled":
                await shops.DisconnectAsync(t.Workspace, t.ShopId, triggeredAt ?? DateTimeOffset.UtcNow, cancellationToken);
                break;
            case "customers/data_request":
                await DataRequestAsync(t, body, cancellationToken);
                break;
            case "customers/redact":
                if (await FindCustomerAsync(t, body.Child("customer")?.Id("id"), body.Child("customer")?.Text("email"), cancellationToken) is { } customerId)
                {
                    await EraseAsync(t, customerId, cancellationToken);
                }

                break;
            case "shop/redact":
                await RedactShopAsync(t, cancellationToken);
                break;
            default:
                logger.LogInformation("Shopify topic {Topic} is not used; event recorded only", topic);
                break;
        }
    }

    private async Task ApplyWooAsync(Target t, string topic, JsonElement body, CancellationToken cancellationToken)
    {
        switch (topic)
        {
            case "order.created" or "order.updated" or "order.restored":
                await ApplyOrderAsync(t, WooPayloads.Order(body, t.ShopId, t.SourceKey), WooPayloads.Buyer(body, t.ShopId, t.SourceKey), isCreate: topic == "order.created");
                break;
            case "order.deleted":
                // The shop threw the order away; the CRM keeps it for bookkeeping, cancelled where the lifecycle allows.
                var order = grains.GetOrder(t.Workspace, SourceOrderKeys.OrderId(t.Workspace, t.ShopId, Required(body.Id("id"), "order.id")));
                if (await order.GetAsync() is { } held && Domain.Orders.OrderLifecycle.CanMove(held.Status, OrderStatus.Cancelled))
                {
                    Check(await order.ChangeStatusAsync(OrderStatus.Cancelled, t.Context));
                }

                break;
            case "customer.created" or "customer.updated":
                Check(await CustomerGrain(t, body.Id("id")).ApplyAsync(WooPayloads.Customer(body, t.ShopId, t.SourceKey), t.Context));
                break;
            case "customer.deleted":
                Check(await CustomerGrain(t, body.Id("id")).RemoveAsync(t.SourceKey, t.Context));
                break;
            case "product.created" or "product.updated" or "product.restored":
                await links.UpsertProductAsync(t.Workspace, t.ShopId, t.SourceKey, Required(body.Id("id"), "product.id"), body.Text("name") ?? "Product",
                    Math.Max(0, body.MoneyOrNull("price") ?? 0), ProductCurrency, WooPayloads.Modified(body), t.Context, cancellationToken);
                break;
            case "product.deleted":
                await links.DeleteProductAsync(t.Workspace, t.ShopId, Required(body.Id("id"), "product.id"), t.Context, cancellationToken);
                break;
            default:
                logger.LogInformation("WooCommerce topic {Topic} is not used; event recorded only", topic);
                break;
        }
    }

    /// <summary>An item of the ingestion API (see <see cref="IngestEndpoints"/>).</summary>
    private async Task ApplyIngestedAsync(Target t, string topic, byte[] body)
    {
        switch (topic)
        {
            case "customer.upsert":
                var customer = IngestPayloads.Customer(IngestEndpoints.Read<IngestCustomer>(body), t.ShopId, t.SourceKey);
                Check(await CustomerGrain(t, customer.ExternalId).ApplyAsync(customer, t.Context));
                break;
            case "order.upsert":
                var order = IngestEndpoints.Read<IngestOrder>(body);
                await ApplyOrderAsync(t, IngestPayloads.Order(order, t.ShopId, t.SourceKey), IngestPayloads.Buyer(order, t.ShopId, t.SourceKey), isCreate: false);
                break;
            default:
                throw new SourceDataException($"Unknown ingestion topic {topic}.");
        }
    }

    /// <param name="isCreate">The shop sent it as the order's creation: its grain tries the insert before reading anything.</param>
    private async Task ApplyOrderAsync(Target t, SourceOrder order, SourceCustomer buyer, bool isCreate)
    {
        var customerId = Check(await CustomerGrain(t, buyer.ExternalId).EnsureAsync(buyer, t.Context));
        var grain = grains.GetSourceOrder(t.Workspace, SourceOrderKeys.OrderId(t.Workspace, t.ShopId, order.ExternalId));
        var owned = order with { CustomerId = customerId };
        Check(await (isCreate ? grain.ApplySourceCreateAsync(owned, t.Context) : grain.ApplySourceAsync(owned, t.Context)));
    }

    private ICommerceCustomerGrain CustomerGrain(Target t, string? externalId) =>
        grains.GetCommerceCustomer(t.Workspace, t.ShopId, Required(externalId, "customer.id"));

    /// <summary>The CRM customer a shop's customer is: by link, by this shop's external id, then by email.</summary>
    private async Task<Guid?> FindCustomerAsync(Target t, string? externalId, string? email, CancellationToken cancellationToken)
    {
        if (externalId is not null && await links.GetAsync(t.Workspace, t.ShopId, "customer", externalId, cancellationToken) is { } link)
        {
            return link.LocalId;
        }

        return await links.FindCustomerAsync(t.Workspace, t.SourceKey, externalId ?? "", email, cancellationToken);
    }

    /// <summary>The shop asks for a customer's data for its merchant: recorded in the audit log, where the team sees it and runs the GDPR export.</summary>
    private async Task DataRequestAsync(Target t, JsonElement body, CancellationToken cancellationToken)
    {
        var customer = body.Child("customer");
        var customerId = await FindCustomerAsync(t, customer?.Id("id"), customer?.Text("email"), cancellationToken);
        await audit.RecordAsync(t.Workspace, t.Context, "data_request", "customer", customerId,
            new { kind = "gdpr_data_request", shop = t.Shop.Domain, data_request_id = body.Child("data_request")?.Id("id") }, cancellationToken);
    }

    /// <summary>The same erasure as the GDPR endpoint's, confirmed with the customer's current email, then the grains reload.</summary>
    private async Task EraseAsync(Target t, Guid customerId, CancellationToken cancellationToken)
    {
        var customer = grains.GetCustomer(t.Workspace, customerId);
        if (await customer.GetAsync() is not { } held)
        {
            return;
        }

        if (held.Profile.Email == Erasure.ErasedEmail(customerId))
        {
            return; // erased already: a repeated request
        }

        var result = await erasure.EraseAsync(t.Workspace, customerId, held.Profile.Email, t.Context, cancellationToken);
        if (result.Outcome != ErasureOutcome.Erased)
        {
            return;
        }

        await customer.ReloadAsync();
        foreach (var orderId in result.OrderIds)
        {
            await grains.GetOrder(t.Workspace, orderId).ReloadAsync();
        }
    }

    /// <summary>48 hours after uninstalling, the shop's customers are erased — unless another connected shop also has them.</summary>
    private async Task RedactShopAsync(Target t, CancellationToken cancellationToken)
    {
        var shopKeys = (await shops.ListAsync(t.Workspace, cancellationToken)).Select(s => s.SourceKey).ToHashSet();
        foreach (var customerId in await links.LocalIdsAsync(t.Workspace, t.ShopId, "customer", cancellationToken))
        {
            if (await grains.GetCustomer(t.Workspace, customerId).GetAsync() is not { } held)
            {
                continue;
            }

            var otherShops = held.Profile.ExternalIds.Keys.Where(k => k != t.SourceKey && shopKeys.Contains(k)).ToList();
            if (otherShops.Count == 0)
            {
                await EraseAsync(t, customerId, cancellationToken);
            }
        }
    }

    private static string Required(string? value, string what) => value ?? throw new SourceDataException($"{what} is missing.");

    private static T Check<T>(CommandResult<T> result)
    {
        if (!result.IsOk)
        {
            var errors = string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
            throw new SourceDataException($"{result.Outcome}: {result.Message} {errors}".Trim());
        }

        return result.Value!;
    }
}
