using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Commerce;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Commerce;

/// <summary>Backfill and catch-up of Shopify shops against a fake Shopify, on nodes of their own over one database.</summary>
public sealed class ShopSyncTests(ShopSyncTests.Fixture fixture) : IClassFixture<ShopSyncTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public TestDatabase Database { get; } = new();

        public FakeShopify Shopify { get; private set; } = null!;

        public FakeWooCommerce Woo { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Database.InitializeAsync();
            Shopify = await FakeShopify.StartAsync();
            Woo = await FakeWooCommerce.StartAsync();
        }

        public async Task DisposeAsync()
        {
            await Woo.DisposeAsync();
            await Shopify.DisposeAsync();
            await Database.DisposeAsync();
        }
    }

    private FakeShopify Shopify => fixture.Shopify;

    private static readonly DateTimeOffset Updated = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private Task<ApiNode> NodeAsync(IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Crm:Shopify:BaseAddress"] = Shopify.BaseAddress,
            ["Crm:Shopify:BulkPollSeconds"] = "0.1",
            ["Crm:Shopify:PageSize"] = "20",
            ["Crm:Commerce:Sync:PollSeconds"] = "0.2",
            ["Crm:Commerce:Sync:LeaseSeconds"] = "3",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return ApiNode.StartAsync(fixture.Database.ConnectionString, extra: settings);
    }

    [Fact]
    public async Task A_backfill_throttled_and_stopped_midway_resumes_and_ends_with_exact_counts_and_a_webhook_during_it_counts_once()
    {
        var domain = $"b{Guid.NewGuid():N}"[..12] + ".myshopify.com";
        var fake = Shopify.Shop(domain);
        FakeShopify.Fill(fake, customers: 40, orders: 120, Updated);
        // A small bucket that another app has just emptied: the first query is THROTTLED, the client waits and paces itself.
        (fake.Maximum, fake.RestoreRate, fake.SpentByAnotherApp) = (10, 5, true);
        fake.HoldOrdersAfterLines = 150; // 50 orders of three lines each, then the download hangs
        var throttledBefore = Shopify.Throttled;

        TestShop shop;
        await using (var first = await NodeAsync())
        {
            var kit = await KitAsync(first);
            shop = await kit.ConnectShopifyAsync(domain);
            Assert.Equal("idle", (await SyncAsync(first, shop)).GetProperty("status").GetString());

            var start = await first.Http.PostAsync($"/api/v1/integrations/{shop.Id}/sync", null);
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            var queued = await start.JsonAsync();
            Assert.Equal(("queued", "full"), (queued.GetProperty("status").GetString(), queued.GetProperty("kind").GetString()));
            var again = await first.Http.PostAsync($"/api/v1/integrations/{shop.Id}/sync", null);
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

            // Progress while it runs: customers done, part of the orders, a percentage short of 100 and an ETA.
            var running = await WaitAsync(first, shop, s => s.GetProperty("orders").GetInt64() >= 40);
            Assert.True(running.GetProperty("status").GetString() == "running", $"not running: {running}");
            Assert.Equal(160, running.GetProperty("total").GetInt64());
            Assert.Equal(40, running.GetProperty("customers").GetInt64());
            Assert.InRange(running.GetProperty("percent").GetInt32(), 1, 99);
            Assert.True(running.GetProperty("eta_seconds").GetInt64() >= 0);

            // The shop sends a newer state of an order the backfill carries: the newer one stands, once.
            var webhook = CommerceKit.Vary("shopify-orders-create.json", o =>
            {
                o["id"] = 9_007_199_254_740_993 + 1_000_000 + 7;
                o["name"] = $"#{domain[..6]}-1007";
                o["updated_at"] = Updated.AddHours(1).ToString("O", CultureInfo.InvariantCulture);
                o["currency"] = "EUR";
                o["total_price"] = "999.00";
                o["total_price_set"] = null;
                o["cancelled_at"] = null;
                o["financial_status"] = "paid";
                o["email"] = $"buyer7@{domain}";
                o["customer"] = new System.Text.Json.Nodes.JsonObject { ["id"] = 9_007_199_254_740_993 + 7, ["email"] = $"buyer7@{domain}" };
            });
            await CommerceKit.AssertOkAsync(kit.ShopifyAsync(shop, "orders/updated", webhook));
        }

        // The first node is gone mid-download; the next one takes the job over once its lease has run out.
        Shopify.ReleaseDownload();
        await using var second = await NodeAsync();
        var done = await WaitAsync(second, shop, s => s.GetProperty("status").GetString() is "succeeded" or "failed", seconds: 180);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal((40L, 120L, 160L, 100), (done.GetProperty("customers").GetInt64(), done.GetProperty("orders").GetInt64(), done.GetProperty("done").GetInt64(), done.GetProperty("percent").GetInt32()));
        Assert.Null(done.GetProperty("last_error").GetString());
        Assert.NotNull(done.GetProperty("last_success_at").GetString());
        Assert.Equal(2, fake.BulkOperationsStarted); // customers and orders: the orders' operation was resumed, not started again
        Assert.True(Shopify.Throttled > throttledBefore, "the fake never throttled: the test does not exercise pacing");

        var kit2 = await KitAsync(second);
        await kit2.DrainedAsync(shop);

        // Finished means finished: the lease is given back and the next reconciliation is an hour after the finish, so
        // no catch-up follows on the heels of the sync (it stays the full one that just succeeded).
        var (leasedUntil, dueAt, finishedAt) = (await kit2.RowsAsync<(DateTime? LeasedUntil, DateTime? DueAt, DateTime FinishedAt)>("""
            select r.sync_leased_until, r.sync_due_at, j.finished_at from commerce_shop_routes r
            join commerce_sync_jobs j on j.shop_id = r.shop_id where r.shop_id = @shop
            """, new { shop = shop.Id })).Single();
        Assert.Null(leasedUntil);
        Assert.Equal(finishedAt.AddMinutes(60), dueAt);
        var after = await SyncAsync(second, shop);
        Assert.Equal(("succeeded", "full"), (after.GetProperty("status").GetString(), after.GetProperty("kind").GetString()));
        var orders = await kit2.RowsAsync<(string Number, decimal Total)>("""
            select o.order_number, o.total_amount from orders o
            join commerce_links l on l.workspace_id = o.workspace_id and l.local_id = o.id and l.kind = 'order'
            where l.shop_id = @shop
            """, new { shop = shop.Id });
        Assert.Equal(120, orders.Count);
        Assert.Equal(120, orders.Select(o => o.Number).Distinct().Count());
        Assert.Equal(999m, orders.Single(o => o.Number == $"#{domain[..6]}-1007").Total);
        Assert.Equal(Enumerable.Range(0, 120).Where(i => i != 7).Sum(i => 30m + i) + 999m, orders.Sum(o => o.Total));
        Assert.Equal(120, await kit2.ScalarAsync<int>("""
            select count(*)::int from audit_log a join commerce_links l on l.workspace_id = a.workspace_id and l.local_id = a.entity_id and l.kind = 'order'
            where l.shop_id = @shop and a.entity_type = 'order' and a.action = 'create'
            """, new { shop = shop.Id }));
        Assert.Equal(40, await kit2.ScalarAsync<int>("select count(*)::int from customers where email like @pattern", new { pattern = $"buyer%@{domain}" }));
        var ids = await kit2.RowsAsync<string>("select external_id from commerce_links where shop_id = @shop and kind = 'customer' and external_id not like 'guest:%'", new { shop = shop.Id });
        Assert.Contains("9007199254740993", ids); // 2^53 + 1: a double would have made it ...992
    }

    [Fact]
    public async Task A_second_sync_catches_up_on_what_changed_since_the_first()
    {
        var domain = $"c{Guid.NewGuid():N}"[..12] + ".myshopify.com";
        var fake = Shopify.Shop(domain);
        FakeShopify.Fill(fake, customers: 5, orders: 10, Updated);
        await using var node = await NodeAsync();
        var kit = await KitAsync(node);
        var shop = await kit.ConnectShopifyAsync(domain);
        Assert.Equal(HttpStatusCode.Accepted, (await node.Http.PostAsync($"/api/v1/integrations/{shop.Id}/sync", null)).StatusCode);
        var first = await WaitAsync(node, shop, s => s.GetProperty("status").GetString() is "succeeded" or "failed");
        Assert.Equal(("succeeded", 15L), (first.GetProperty("status").GetString(), first.GetProperty("done").GetInt64()));

        // One order changes in the shop, one is new; nothing else.
        fake.Orders[2].Order["updatedAt"] = Updated.AddDays(1).ToString("O", CultureInfo.InvariantCulture);
        fake.Orders[2].Order["totalPriceSet"]!["shopMoney"]!["amount"] = "77.00";
        var added = FakeShopify.AddOrder(fake, 10, 5, Updated.AddDays(2));

        var start = await node.Http.PostAsync($"/api/v1/integrations/{shop.Id}/sync", null);
        Assert.Equal("catch_up", (await start.JsonAsync()).GetProperty("kind").GetString());
        var second = await WaitAsync(node, shop, s => s.GetProperty("status").GetString() is "succeeded" or "failed");
        Assert.Equal(("succeeded", 0L, 2L), (second.GetProperty("status").GetString(), second.GetProperty("customers").GetInt64(), second.GetProperty("orders").GetInt64()));

        await kit.DrainedAsync(shop);
        var totals = (await kit.RowsAsync<(string Number, decimal Total)>("""
            select o.order_number, o.total_amount from orders o
            join commerce_links l on l.workspace_id = o.workspace_id and l.local_id = o.id and l.kind = 'order'
            where l.shop_id = @shop
            """, new { shop = shop.Id })).ToDictionary(o => o.Number, o => o.Total);
        Assert.Equal(11, totals.Count);
        Assert.Equal(77m, totals[$"#{domain[..6]}-1002"]);
        Assert.True(totals.ContainsKey(added));
    }

    [Fact]
    public async Task A_shop_made_due_again_right_after_its_sync_is_rescheduled_from_the_finish_instead_of_caught_up()
    {
        var domain = $"r{Guid.NewGuid():N}"[..12] + ".myshopify.com";
        FakeShopify.Fill(Shopify.Shop(domain), customers: 2, orders: 3, Updated);
        await using var node = await NodeAsync();
        var kit = await KitAsync(node);
        var shop = await kit.ConnectShopifyAsync(domain);
        Assert.Equal(HttpStatusCode.Accepted, (await node.Http.PostAsync($"/api/v1/integrations/{shop.Id}/sync", null)).StatusCode);
        var done = await WaitAsync(node, shop, s => s.GetProperty("status").GetString() is "succeeded" or "failed");
        Assert.Equal(("succeeded", "full"), (done.GetProperty("status").GetString(), done.GetProperty("kind").GetString()));

        // A due time that is stale (left by a node that died between finishing and rescheduling, say).
        await using (var connection = await fixture.Database.Database.OpenSharedAsync())
        {
            Assert.Equal(1, await Dapper.SqlMapper.ExecuteAsync(connection, "update commerce_shop_routes set sync_due_at = now() where shop_id = @shop", new { shop = shop.Id }));
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await kit.ScalarAsync<bool>("select sync_due_at <= now() or sync_leased_until is not null from commerce_shop_routes where shop_id = @shop", new { shop = shop.Id }))
        {
            Assert.True(DateTime.UtcNow < deadline, "the runner never looked at the due shop");
            await Task.Delay(100);
        }

        var after = await SyncAsync(node, shop);
        Assert.Equal(("succeeded", "full", done.GetProperty("started_at").GetString()),
            (after.GetProperty("status").GetString(), after.GetProperty("kind").GetString(), after.GetProperty("started_at").GetString()));
        Assert.True(await kit.ScalarAsync<bool>("""
            select r.sync_due_at = j.finished_at + interval '60 minutes' from commerce_shop_routes r
            join commerce_sync_jobs j on j.shop_id = r.shop_id where r.shop_id = @shop
            """, new { shop = shop.Id }));
    }

    [Fact]
    public async Task A_node_whose_lease_ran_out_and_was_taken_over_can_neither_renew_it_nor_write_a_checkpoint()
    {
        await using var node = await NodeAsync(new Dictionary<string, string?> { ["Crm:Commerce:Sync:Enabled"] = "false" });
        var kit = await KitAsync(node);
        var shop = await kit.ConnectShopifyAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await node.Http.PostAsync($"/api/v1/integrations/{shop.Id}/sync", null)).StatusCode);
        var store = node.Services.GetRequiredService<CommerceSyncStore>();
        var workspace = await KitWorkspaceAsync(node);

        var stale = await store.LeaseDueAsync(TimeSpan.FromMilliseconds(1));
        Assert.Equal(shop.Id, stale?.ShopId);
        var staleLease = stale!.LeasedUntil;
        await Task.Delay(50);
        var taker = await store.LeaseDueAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(shop.Id, taker?.ShopId);

        var job = (await store.GetAsync(workspace, shop.Id))!;
        var page = new[] { new SyncRecord("customers/update", "customer:1", Updated, "{}"u8.ToArray()) };
        await Assert.ThrowsAsync<SyncLeaseLostException>(() => store.CheckpointAsync(workspace, job with { Status = "running", CustomersDone = 99 }, page, staleLease));
        Assert.Null(await store.RenewLeaseAsync(shop.Id, staleLease, TimeSpan.FromMinutes(1)));
        Assert.Equal(0, await kit.InboxCountAsync(shop.Id));
        var untouched = (await store.GetAsync(workspace, shop.Id))!;
        Assert.Equal(("queued", 0L), (untouched.Status, untouched.CustomersDone));

        // The holder's writes go through, and its renewal extends the lease it holds.
        await store.CheckpointAsync(workspace, job with { Status = "running", CustomersDone = 1 }, page, taker!.LeasedUntil);
        Assert.Equal(1, await kit.InboxCountAsync(shop.Id));
        Assert.Equal(1L, (await store.GetAsync(workspace, shop.Id))!.CustomersDone);

        // Its end gives the lease back and leaves the shop due only for the next reconciliation (so no later test's runner resumes it).
        var renewed = (await store.RenewLeaseAsync(shop.Id, taker.LeasedUntil, TimeSpan.FromMinutes(1)))!.Value;
        Assert.True(renewed > taker.LeasedUntil);
        await store.CheckpointAsync(workspace, job with { Status = "succeeded", FinishedAt = DateTimeOffset.UtcNow }, [], renewed, TimeSpan.FromMinutes(60));
        Assert.True(await kit.ScalarAsync<bool>(
            "select sync_leased_until is null and sync_due_at > now() + interval '59 minutes' from commerce_shop_routes where shop_id = @shop", new { shop = shop.Id }));
    }

    [Fact]
    public async Task A_shop_that_is_down_fails_its_sync_visibly_while_its_webhooks_are_still_taken_and_applied()
    {
        var domain = $"d{Guid.NewGuid():N}"[..12] + ".myshopify.com";
        Shopify.Shop(domain).Down = true;
        await using var node = await NodeAsync();
        var kit = await KitAsync(node);
        var shop = await kit.ConnectShopifyAsync(domain);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.PostAsync($"/api/v1/integrations/{Guid.NewGuid()}/sync", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await node.Http.PostAsync($"/api/v1/integrations/{shop.Id}/sync", null)).StatusCode);

        var webhook = CommerceKit.Vary("shopify-orders-create.json", o => o["name"] = $"#{domain[..6]}-down");
        await CommerceKit.AssertOkAsync(kit.ShopifyAsync(shop, "orders/create", webhook));
        var failed = await WaitAsync(node, shop, s => s.GetProperty("status").GetString() is "succeeded" or "failed", seconds: 120);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("could not be reached", failed.GetProperty("last_error").GetString());

        var list = await new CrmApiClient(node.Http).GetAsync("/api/v1/integrations/syncs");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), s => s.GetProperty("shop_id").GetGuid() == shop.Id && s.GetProperty("status").GetString() == "failed");
        await kit.DrainedAsync(shop, 1);
        Assert.Equal(1, await kit.ScalarAsync<int>("select count(*)::int from orders where order_number = @n", new { n = $"#{domain[..6]}-down" }));
    }

    [Fact]
    public async Task A_WooCommerce_site_is_backfilled_page_by_page_through_a_429_and_then_caught_up()
    {
        var woo = fixture.Woo;
        var prefix = $"w{Guid.NewGuid():N}"[..10];
        woo.Fill(prefix, customers: 7, products: 3, orders: 60, Updated);
        await using var node = await NodeAsync();
        var kit = await KitAsync(node);
        var site = new Uri(woo.Address, "/" + prefix).ToString();
        var connect = await node.Http.PostJsonAsync("/api/v1/integrations/woocommerce",
            new { site_url = site, consumer_key = FakeWooCommerce.ConsumerKey, consumer_secret = FakeWooCommerce.ConsumerSecret, webhook_secret = "woo-hook" });
        Assert.Equal(HttpStatusCode.Created, connect.StatusCode);
        var shop = new TestShop((await connect.JsonAsync()).GetProperty("id").GetGuid(), site, "woo-hook", "woocommerce");

        Assert.Equal(HttpStatusCode.Accepted, (await node.Http.PostAsync($"/api/v1/integrations/{shop.Id}/sync", null)).StatusCode);
        var done = await WaitAsync(node, shop, s => s.GetProperty("status").GetString() is "succeeded" or "failed");
        Assert.True(done.GetProperty("status").GetString() == "succeeded", done.ToString());
        Assert.Equal((7L, 3L, 60L, 70L), (done.GetProperty("customers").GetInt64(), done.GetProperty("products").GetInt64(), done.GetProperty("orders").GetInt64(), done.GetProperty("total").GetInt64()));
        Assert.Equal(1, woo.TooManyRequests);
        Assert.Equal(0, woo.Unauthorized);

        await kit.DrainedAsync(shop);
        Assert.Equal(60, await kit.ScalarAsync<int>("select count(*)::int from commerce_links l join orders o on o.id = l.local_id where l.shop_id = @shop and l.kind = 'order'", new { shop = shop.Id }));

        woo.Resources["orders"][5]["date_modified_gmt"] = Updated.AddDays(1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        woo.Resources["orders"][5]["total"] = "55.55";
        var again = await node.Http.PostAsync($"/api/v1/integrations/{shop.Id}/sync", null);
        Assert.Equal("catch_up", (await again.JsonAsync()).GetProperty("kind").GetString());
        var caught = await WaitAsync(node, shop, s => s.GetProperty("status").GetString() is "succeeded" or "failed");
        Assert.Equal(("succeeded", 1L, 1L), (caught.GetProperty("status").GetString(), caught.GetProperty("orders").GetInt64(), caught.GetProperty("done").GetInt64()));
        await kit.DrainedAsync(shop);
        Assert.Equal(55.55m, await kit.ScalarAsync<decimal>("select total_amount from orders where order_number = @n", new { n = $"{prefix}-5" }));
    }

    [Fact]
    public async Task An_install_by_OAuth_stores_the_token_encrypted_subscribes_the_webhooks_and_starts_the_backfill()
    {
        var domain = $"o{Guid.NewGuid():N}"[..12] + ".myshopify.com";
        FakeShopify.Fill(Shopify.Shop(domain), customers: 2, orders: 3, Updated);
        await using var node = await NodeAsync(AppKeys);
        var (location, state) = await InstallAsync(node, domain);
        Assert.StartsWith($"{Shopify.Address.ToString().TrimEnd('/')}/{domain}/admin/oauth/authorize?client_id=app-key&scope=", location, StringComparison.Ordinal);
        Assert.Contains("redirect_uri=" + Uri.EscapeDataString(node.Address.ToString().TrimEnd('/') + "/api/v1/integrations/shopify/callback"), location, StringComparison.Ordinal);

        Shopify.Codes["good-code"] = "shpat_offline_token";
        var webhooksBefore = Shopify.WebhookTopics.Count;
        var callback = await CallbackAsync(node, Signed(new() { ["code"] = "good-code", ["shop"] = domain, ["state"] = state, ["timestamp"] = "1767225600", ["host"] = "YWRtaW4uc2hvcGlmeS5jb20" }));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.EndsWith($"/settings/integrations?installed={domain}", callback.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(15, Shopify.WebhookTopics.Count - webhooksBefore);
        Assert.Contains("APP_UNINSTALLED", Shopify.WebhookTopics);

        var kit = await KitAsync(node);
        var shopId = (await kit.RowsAsync<Guid>("select id from commerce_shops where domain = @domain", new { domain })).Single();
        var tokenAtRest = (await kit.RowsAsync<string>("select access_token_protected from commerce_shops where id = @shopId", new { shopId })).Single();
        Assert.DoesNotContain("shpat_offline_token", tokenAtRest, StringComparison.Ordinal);

        // The first backfill runs with the new token; the shop's webhooks are signed with the app's secret.
        var shop = new TestShop(shopId, domain, "app-secret", "shopify");
        var done = await WaitAsync(node, shop, s => s.GetProperty("status").GetString() is "succeeded" or "failed");
        Assert.Equal(("succeeded", "full", 5L), (done.GetProperty("status").GetString(), done.GetProperty("kind").GetString(), done.GetProperty("done").GetInt64()));
        await CommerceKit.AssertOkAsync(kit.ShopifyAsync(shop, "customers/create", CommerceKit.Fixture("shopify-customers-create.json")));
    }

    [Fact]
    public async Task An_OAuth_callback_with_a_wrong_hmac_or_state_is_refused_and_stores_nothing()
    {
        var domain = $"x{Guid.NewGuid():N}"[..12] + ".myshopify.com";
        var other = $"y{Guid.NewGuid():N}"[..12] + ".myshopify.com";
        await using var node = await NodeAsync(AppKeys);
        var (_, state) = await InstallAsync(node, domain);
        var (_, otherState) = await InstallAsync(node, other);
        Shopify.Codes["kept-code"] = "shpat_never";

        var query = new Dictionary<string, string> { ["code"] = "kept-code", ["shop"] = domain, ["state"] = state, ["timestamp"] = "1767225600" };
        var tampered = Signed(query).Replace("code=kept-code", "code=other-code", StringComparison.Ordinal);
        var badHmac = await CallbackAsync(node, tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, badHmac.StatusCode);
        Assert.Equal("application/problem+json", badHmac.Content.Headers.ContentType?.MediaType);

        var wrongShopState = await CallbackAsync(node, Signed(new(query) { ["state"] = otherState }));
        Assert.Equal(HttpStatusCode.BadRequest, wrongShopState.StatusCode);
        Assert.Contains("state", await wrongShopState.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var forged = await CallbackAsync(node, Signed(new(query) { ["state"] = "forged" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var badShop = await CallbackAsync(node, Signed(new(query) { ["shop"] = "evil.example.com" }));
        Assert.Equal(HttpStatusCode.BadRequest, badShop.StatusCode);

        // The merchant's browser is sent back to the integrations page, which names what went wrong.
        foreach (var (sent, reason) in new[] { (tampered, "signature"), (Signed(new(query) { ["state"] = otherState }), "state"), (Signed(new(query) { ["shop"] = "evil.example.com" }), "shop") })
        {
            var browser = await CallbackAsync(node, sent, browser: true);
            Assert.Equal(HttpStatusCode.Redirect, browser.StatusCode);
            Assert.EndsWith($"/settings/integrations?install_error={reason}", browser.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        Assert.True(Shopify.Codes.ContainsKey("kept-code"), "the code was exchanged although the callback was refused");
        var kit = await KitAsync(node);
        Assert.Equal(0, await kit.ScalarAsync<int>("select count(*)::int from commerce_shops where domain in (@domain, @other)", new { domain, other }));
    }

    private static readonly Dictionary<string, string?> AppKeys = new() { ["Crm:Shopify:ApiKey"] = "app-key", ["Crm:Shopify:ApiSecret"] = "app-secret" };

    /// <returns>The consent screen's address and the state in it.</returns>
    private static async Task<(string Location, string State)> InstallAsync(ApiNode node, string domain)
    {
        var install = await node.Http.GetAsync($"/api/v1/integrations/shopify/install?shop={domain}");
        Assert.Equal(HttpStatusCode.OK, install.StatusCode);
        var location = (await install.JsonAsync()).GetProperty("authorize_url").GetString()!;
        var state = Uri.UnescapeDataString(location.Split("state=")[1].Split('&')[0]);
        return (location, state);
    }

    private static async Task<HttpResponseMessage> CallbackAsync(ApiNode node, string query, bool browser = false)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = node.Address };
        if (browser)
        {
            client.DefaultRequestHeaders.Add("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        }

        return await client.GetAsync("/api/v1/integrations/shopify/callback?" + query);
    }

    /// <summary>The query as Shopify sends it: signed over its sorted name=value pairs with the app's secret, hex.</summary>
    private static string Signed(Dictionary<string, string> query)
    {
        var message = string.Join('&', query.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        var hmac = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("app-secret"u8.ToArray(), System.Text.Encoding.UTF8.GetBytes(message)));
        return string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")) + "&hmac=" + hmac;
    }

    private static async Task<JsonElement> SyncAsync(ApiNode node, TestShop shop) =>
        await new CrmApiClient(node.Http).GetAsync($"/api/v1/integrations/{shop.Id}/sync");

    private static async Task<JsonElement> WaitAsync(ApiNode node, TestShop shop, Func<JsonElement, bool> until, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var sync = await SyncAsync(node, shop);
            if (until(sync))
            {
                return sync;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The sync did not get there: {sync}");
            await Task.Delay(100);
        }
    }

    private async Task<CommerceKit> KitAsync(ApiNode node) =>
        new(node.Http, node.Anonymous, fixture.Database.Database, await KitWorkspaceAsync(node));

    private static async Task<WorkspaceId> KitWorkspaceAsync(ApiNode node)
    {
        var me = await new CrmApiClient(node.Http).GetAsync("/api/v1/auth/me");
        return new WorkspaceId(me.GetProperty("workspace").GetProperty("id").GetGuid());
    }
}
