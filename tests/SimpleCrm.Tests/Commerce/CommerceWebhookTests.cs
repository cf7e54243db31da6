using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Commerce;

/// <summary>Shopify and WooCommerce webhooks over real HTTP into real PostgreSQL: the published payloads, signatures, repeats, reordering.</summary>
public sealed class CommerceWebhookTests(ApiFixture api) : WorkspaceTest(api, "commerce")
{
    private CommerceKit Kit => new(Http, Api.Node.Anonymous, Api.Database.Database, Admin.Workspace);

    private const string ShopifyOrderId = "820982911946154500";

    [Fact]
    public async Task Every_published_Shopify_payload_lands_in_the_right_rows()
    {
        var shop = await Kit.ConnectShopifyAsync();

        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "customers/create", CommerceKit.Fixture("shopify-customers-create.json")));
        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "customers/update", CommerceKit.Fixture("shopify-customers-update.json")));
        await Kit.DrainedAsync(shop, 2);
        var bob = await Kit.RowsAsync<(Guid Id, string FirstName, string CountryCode, string ExternalIds)>(
            "select id, first_name, country_code, external_ids::text from customers where email = 'bob@biller.com'");
        Assert.Equal("Bob", Assert.Single(bob).FirstName);
        Assert.Equal("CA", bob[0].CountryCode);
        Assert.Equal("706405506930370000", JsonDocument.Parse(bob[0].ExternalIds).RootElement.GetProperty("shopify").GetString());

        foreach (var topic in new[] { "orders/create", "orders/updated", "orders/paid", "orders/cancelled", "orders/fulfilled" })
        {
            await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, topic, CommerceKit.Fixture($"shopify-{topic.Replace('/', '-')}.json")));
        }

        await Kit.DrainedAsync(shop, 7);
        var order = Assert.Single(await Kit.RowsAsync<OrderRowView>("select * from orders where source = 'shopify'"));
        Assert.Equal("#9999", order.OrderNumber);
        // The shop's total is the truth: its lines add up to 414.95, its total_price says 404.95.
        Assert.Equal(404.95m, order.TotalAmount);
        Assert.Equal(404.95m, order.TotalAmountUsd);
        Assert.Equal("cancelled", order.Status);
        Assert.Equal("voided", order.PaymentStatus);
        Assert.Equal(5, await Kit.ScalarAsync<int>("select count(*)::int from order_items where order_id = @Id", order));
        var john = await Kit.ScalarAsync<string>("select external_ids->>'shopify' from customers where id = @CustomerId", order);
        Assert.Equal("115310627314723950", john); // exact 64-bit id, never through a double
        Assert.Equal(1, await Kit.ScalarAsync<int>("select count(*)::int from timeline_entries where customer_id = @CustomerId and entity_id = @Id and kind = 'order.created'", order));
        Assert.Equal(404.95m, await Kit.ScalarAsync<decimal>("select presentment_total from commerce_links where kind = 'order' and external_id = @ShopifyOrderId", new { ShopifyOrderId }));

        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "refunds/create", CommerceKit.Fixture("shopify-refunds-create.json")));
        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "products/create", CommerceKit.Fixture("shopify-products-create.json")));
        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "customers/data_request", CommerceKit.Fixture("shopify-customers-data_request.json")));
        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "customers/delete", CommerceKit.Fixture("shopify-customers-delete.json")));
        await Kit.DrainedAsync(shop, 11);
        order = Assert.Single(await Kit.RowsAsync<OrderRowView>("select * from orders where source = 'shopify'"));
        Assert.Equal(85m, order.RefundedAmount); // its two successful refund transactions: 75.00 + 10.00
        Assert.Equal("partially_refunded", order.PaymentStatus);
        Assert.Equal(19.99m, await Kit.ScalarAsync<decimal>("select price from products where sku = 'shopify-788032119674292900'"));
        Assert.Equal(1, await Kit.ScalarAsync<int>("select count(*)::int from audit_log where action = 'data_request' and entity_id = @CustomerId", order));
        Assert.Equal(0, await Kit.ScalarAsync<int>("select count(*)::int from customers where email = 'bob@biller.com'"));

        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "app/uninstalled", CommerceKit.Fixture("shopify-app-uninstalled.json")));
        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "customers/redact", CommerceKit.Fixture("shopify-customers-redact.json")));
        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "shop/redact", CommerceKit.Fixture("shopify-shop-redact.json")));
        var status = await Kit.DrainedAsync(shop, 14);
        Assert.Equal("disconnected", status.GetProperty("status").GetString());
        Assert.Equal(14, status.GetProperty("events_processed").GetInt64());
        Assert.Equal(0, status.GetProperty("events_dead").GetInt64());
        Assert.Equal($"erased-{order.CustomerId:D}@erased.invalid", await Kit.ScalarAsync<string>("select email from customers where id = @CustomerId", order));
    }

    [Fact]
    public async Task Every_published_WooCommerce_payload_lands_in_the_right_rows()
    {
        var shop = await Kit.ConnectWooAsync();
        var ping = await Api.Node.Anonymous.PostAsync($"/webhooks/woocommerce/{shop.Id}", new FormUrlEncodedContent(new Dictionary<string, string> { ["webhook_id"] = "12" }));
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        Assert.Equal(0, await Kit.InboxCountAsync(shop.Id));

        await CommerceKit.AssertOkAsync(Kit.WooAsync(shop, "customer.created", CommerceKit.Fixture("woocommerce-customer-created.json")));
        await Kit.DrainedAsync(shop, 1);
        await CommerceKit.AssertOkAsync(Kit.WooAsync(shop, "order.created", CommerceKit.Fixture("woocommerce-order-created.json")));
        await Kit.DrainedAsync(shop, 2);
        var order = Assert.Single(await Kit.RowsAsync<OrderRowView>("select * from orders where source = 'woocommerce'"));
        Assert.Equal(("727", "processing", 29.35m), (order.OrderNumber, order.Status, order.TotalAmount));
        // The guest order's billing email is the registered customer's: one customer.
        var customer = Assert.Single(await Kit.RowsAsync<(Guid Id, string ExternalIds)>("select id, external_ids::text from customers where email = 'john.doe@example.com'"));
        Assert.Equal(customer.Id, order.CustomerId);
        Assert.Equal("25", JsonDocument.Parse(customer.ExternalIds).RootElement.GetProperty("woocommerce").GetString());

        await CommerceKit.AssertOkAsync(Kit.WooAsync(shop, "order.updated", CommerceKit.Fixture("woocommerce-order-updated.json")));
        await Kit.DrainedAsync(shop, 3);
        order = Assert.Single(await Kit.RowsAsync<OrderRowView>("select * from orders where source = 'woocommerce'"));
        Assert.Equal("delivered", order.Status);
        Assert.Equal(2, order.Version);
    }

    [Fact]
    public async Task A_wrong_or_missing_signature_or_an_unknown_shop_is_refused_and_nothing_is_stored()
    {
        var shop = await Kit.ConnectShopifyAsync();
        var woo = await Kit.ConnectWooAsync();
        var body = CommerceKit.Fixture("shopify-orders-create.json");

        var wrongKey = await Kit.ShopifyAsync(shop, "orders/create", body, signature: CommerceKit.Sign("not-the-secret", body));
        var tampered = await Kit.ShopifyAsync(shop, "orders/create", [.. body, (byte)' '], signature: CommerceKit.Sign(shop.Secret, body));
        var missing = await Kit.ShopifyAsync(shop, "orders/create", body, signature: "");
        var unknownShop = await Kit.ShopifyAsync(shop with { Domain = "nobody.myshopify.com" }, "orders/create", body);
        var wooWrong = await Kit.WooAsync(woo, "order.created", CommerceKit.Fixture("woocommerce-order-created.json"), signature: CommerceKit.Sign(shop.Secret, body));

        Assert.All(new[] { wrongKey, tampered, missing, unknownShop, wooWrong }, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal(0, await Kit.InboxCountAsync(shop.Id));
        Assert.Equal(0, await Kit.InboxCountAsync(woo.Id));
    }

    [Fact]
    public async Task A_shop_whose_webhooks_came_before_it_was_connected_is_accepted_right_after_connecting()
    {
        var domain = $"early-{Guid.NewGuid():N}"[..20] + ".myshopify.com";
        var early = new TestShop(Guid.Empty, domain, "not-yet", "shopify");
        var body = CommerceKit.Fixture("shopify-customers-create.json");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Kit.ShopifyAsync(early, "customers/create", body)).StatusCode);

        var shop = await Kit.ConnectShopifyAsync(domain);

        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "customers/create", body));
    }

    [Fact]
    public async Task The_same_event_delivered_five_times_makes_one_order()
    {
        var shop = await Kit.ConnectShopifyAsync();
        var body = Order(id: 4001, number: "#4001", updatedAt: "2026-03-01T10:00:00Z", total: "50.00");
        var eventId = Guid.NewGuid().ToString();
        for (var i = 0; i < 5; i++)
        {
            await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "orders/create", body, eventId: eventId));
        }

        // Five more deliveries under new event ids (a resend after a lost answer, another topic with the same state).
        for (var i = 0; i < 5; i++)
        {
            await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "orders/updated", body));
        }

        await Kit.DrainedAsync(shop, 6);
        var order = Assert.Single(await Kit.RowsAsync<OrderRowView>("select * from orders where order_number = '#4001'"));
        Assert.Equal(1, order.Version);
        Assert.Equal(1, await Kit.ScalarAsync<int>("select count(*)::int from timeline_entries where entity_id = @Id", order));
    }

    [Fact]
    public async Task Updates_before_the_create_and_stale_updates_converge_on_the_newest_state()
    {
        var shop = await Kit.ConnectShopifyAsync();
        var created = Order(id: 5001, number: "#5001", updatedAt: "2026-03-01T10:00:00Z", total: "80.00");
        var paid = Order(id: 5001, number: "#5001", updatedAt: "2026-03-01T10:05:00Z", total: "80.00", financial: "paid");
        var fulfilled = Order(id: 5001, number: "#5001", updatedAt: "2026-03-01T10:10:00Z", total: "72.50", financial: "paid", fulfillment: "fulfilled");

        // Newest first, then the older ones: the order is created by the newest and the older two are stale.
        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "orders/fulfilled", fulfilled));
        await Kit.DrainedAsync(shop, 1);
        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "orders/create", created));
        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "orders/paid", paid));
        await Kit.DrainedAsync(shop, 3);

        var order = Assert.Single(await Kit.RowsAsync<OrderRowView>("select * from orders where order_number = '#5001'"));
        Assert.Equal(("shipped", "paid", 72.50m, 1), (order.Status, order.PaymentStatus, order.TotalAmount, order.Version));

        // In order it converges on the same state, through the lifecycle.
        var inOrder = await Kit.ConnectShopifyAsync();
        foreach (var (topic, body) in new[] { ("orders/create", created), ("orders/paid", paid), ("orders/fulfilled", fulfilled) })
        {
            await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(inOrder, topic, body));
        }

        await Kit.DrainedAsync(inOrder, 3);
        var second = Assert.Single(await Kit.RowsAsync<OrderRowView>("select * from orders where order_number = '#5001 (shopify_2)'"));
        Assert.Equal(("shipped", "paid", 72.50m, 3), (second.Status, second.PaymentStatus, second.TotalAmount, second.Version));
    }

    [Fact]
    public async Task A_customer_in_two_shops_with_one_email_is_one_customer_with_both_ids()
    {
        var first = await Kit.ConnectShopifyAsync();
        var second = await Kit.ConnectShopifyAsync();
        var woo = await Kit.ConnectWooAsync();
        var email = $"both-{Guid.NewGuid():N}@example.com";
        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(first, "customers/create", CommerceKit.Vary("shopify-customers-create.json", c => { c["email"] = email; c["id"] = 9007199254740993L; })));
        await Kit.DrainedAsync(first, 1);
        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(second, "customers/create", CommerceKit.Vary("shopify-customers-create.json", c => { c["email"] = email.ToUpperInvariant(); c["id"] = 42; })));
        await CommerceKit.AssertOkAsync(Kit.WooAsync(woo, "customer.created", CommerceKit.Vary("woocommerce-customer-created.json", c => c["email"] = email)));
        await Kit.DrainedAsync(second, 1);
        await Kit.DrainedAsync(woo, 1);

        var ids = Assert.Single(await Kit.RowsAsync<string>("select external_ids::text from customers where lower(email) = @email", new { email }));
        var external = JsonSerializer.Deserialize<Dictionary<string, string>>(ids)!;
        // 2^53 + 1: a double would have made it ...992.
        Assert.Equal(new Dictionary<string, string> { ["shopify"] = "9007199254740993", ["shopify_2"] = "42", ["woocommerce"] = "25" }, external);
    }

    [Fact]
    public async Task Customers_redact_erases_the_customer_as_GDPR_erasure_does()
    {
        var shop = await Kit.ConnectShopifyAsync();
        var email = $"redact-{Guid.NewGuid():N}@example.com";
        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "orders/create", Order(id: 6001, number: "#6001", updatedAt: "2026-03-01T10:00:00Z", total: "20.00", email: email, customerId: 77)));
        await Kit.DrainedAsync(shop, 1);
        var customerId = await Kit.ScalarAsync<Guid>("select id from customers where email = @email", new { email });

        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "customers/redact", CommerceKit.Vary("shopify-customers-redact.json", r =>
        {
            r["shop_domain"] = shop.Domain;
            r["customer"] = new JsonObject { ["id"] = 77, ["email"] = email };
        })));
        await Kit.DrainedAsync(shop, 2);

        var erased = Assert.Single(await Kit.RowsAsync<(string Email, string FirstName, string ExternalIds)>("select email, first_name, external_ids::text from customers where id = @customerId", new { customerId }));
        Assert.Equal(($"erased-{customerId:D}@erased.invalid", "Erased", "{}"), erased);
        Assert.Null(await Kit.ScalarAsync<string>("select shipping_address::text from orders where order_number = '#6001'"));
        var detail = await new CrmApiClient(Http).GetAsync($"/api/v1/customers/{customerId}");
        Assert.Equal("Erased", detail.GetProperty("first_name").GetString());
    }

    [Fact]
    public async Task Integrations_validate_their_input_never_show_secrets_and_stop_webhooks_when_deleted()
    {
        var bad = await Http.PostJsonAsync("/api/v1/integrations/shopify", new { shop_domain = "example.com", access_token = "", api_secret_key = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("shop_domain", out _) && errors.TryGetProperty("access_token", out _), errors.ToString());
        var badWoo = await Http.PostJsonAsync("/api/v1/integrations/woocommerce", new { site_url = "ftp://x", consumer_key = "k", consumer_secret = "s", webhook_secret = "w" });
        Assert.True((await badWoo.JsonAsync()).GetProperty("errors").TryGetProperty("site_url", out _));

        var shop = await Kit.ConnectShopifyAsync();
        var again = await Http.PostJsonAsync("/api/v1/integrations/shopify", new { shop_domain = shop.Domain, access_token = "t", api_secret_key = "s" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var listed = await Http.GetStringAsync("/api/v1/integrations");
        Assert.DoesNotContain(shop.Secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("shpat_", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(shop.Secret, await Kit.ScalarAsync<string>("select webhook_secret_protected from commerce_shops where id = @Id", shop) ?? "", StringComparison.Ordinal);

        var agent = await MemberAsync("manager");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync("/api/v1/integrations")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/v1/integrations/{shop.Id}")).StatusCode);
        var after = await Kit.ShopifyAsync(shop, "orders/create", CommerceKit.Fixture("shopify-orders-create.json"));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Orders_keep_shop_and_presentment_money_and_wait_for_USD_when_no_rate_is_known()
    {
        var shop = await Kit.ConnectShopifyAsync();
        var email = $"zoe-{Guid.NewGuid():N}@example.com";

        // The published EUR order (a REST answer: its "order"), sold by a USD shop to a buyer paying in EUR.
        var root = JsonNode.Parse(CommerceKit.Fixture("shopify-rest-post-order-eur-presentment.json"))!;
        var order = root["order"]!.AsObject();
        order["email"] = email;
        order["currency"] = "USD";
        order["total_price"] = "260.00";
        order["total_price_set"] = new JsonObject
        {
            ["shop_money"] = new JsonObject { ["amount"] = "260.00", ["currency_code"] = "USD" },
            ["presentment_money"] = new JsonObject { ["amount"] = "238.47", ["currency_code"] = "EUR" },
        };
        order["billing_address"] = new JsonObject { ["first_name"] = "Zoë", ["last_name"] = "Ærøskøbing-Müller", ["country_code"] = "DK" };
        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "orders/create", Encoding.UTF8.GetBytes(order.ToJsonString())));

        // A currency the rates do not cover: the order is kept, without a USD value yet.
        order["id"] = 1073459977;
        order["name"] = "#1003";
        order["currency"] = "KES";
        order["total_price"] = "15000.00";
        await CommerceKit.AssertOkAsync(Kit.ShopifyAsync(shop, "orders/create", Encoding.UTF8.GetBytes(order.ToJsonString())));
        var status = await Kit.DrainedAsync(shop, 2);
        Assert.Equal(0, status.GetProperty("events_dead").GetInt64());

        var usd = Assert.Single(await Kit.RowsAsync<OrderRowView>("select * from orders where order_number = '#1002'"));
        Assert.Equal(("USD", 260.00m, 260.00m), (usd.Currency, usd.TotalAmount, usd.TotalAmountUsd));
        var money = Assert.Single(await Kit.RowsAsync<(string ShopCurrency, decimal ShopTotal, string PresentmentCurrency, decimal PresentmentTotal)>(
            "select shop_currency, shop_total, presentment_currency, presentment_total from commerce_links where kind = 'order' and local_id = @Id", usd));
        Assert.Equal(("USD", 260.00m, "EUR", 238.47m), money);
        Assert.Equal(("Zoë", "Ærøskøbing-Müller", "DK"), Assert.Single(await Kit.RowsAsync<(string, string, string)>(
            "select first_name, last_name, country_code from customers where id = @CustomerId", usd)));

        var kes = Assert.Single(await Kit.RowsAsync<(string Currency, decimal TotalAmount, decimal TotalAmountUsd, DateTime? FxRateDate)>(
            "select currency, total_amount, total_amount_usd, fx_rate_date from orders where order_number = '#1003'"));
        Assert.Equal(("KES", 15000.00m, 0m, (DateTime?)null), kes);
    }

    /// <summary>A Shopify order built from the published sample, with the fields a test varies.</summary>
    private static byte[] Order(long id, string number, string updatedAt, string total, string financial = "pending", string? fulfillment = null, string? email = null, long? customerId = null) =>
        CommerceKit.Vary("shopify-orders-create.json", o =>
        {
            o["id"] = id;
            o["name"] = number;
            o["updated_at"] = updatedAt;
            o["total_price"] = total;
            o["financial_status"] = financial;
            o["fulfillment_status"] = fulfillment;
            o["cancelled_at"] = null;
            o["refunds"] = new JsonArray();
            if (email is not null)
            {
                o["email"] = email;
                o["customer"]!["email"] = email;
            }

            if (customerId is not null)
            {
                o["customer"]!["id"] = customerId;
            }
        });
}
