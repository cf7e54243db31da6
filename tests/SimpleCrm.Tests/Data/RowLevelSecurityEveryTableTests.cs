using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Data.Activities;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Grains.Common;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Grains.Customers;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Data;

/// <summary>
/// Every tenant table, filled for one workspace through the API: a session of another workspace sees none of those
/// rows, even with SQL that asks for them by workspace id.
/// </summary>
public sealed class RowLevelSecurityEveryTableTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_session_of_one_workspace_sees_no_row_of_another_in_any_tenant_table()
    {
        var owner = await api.Node.UserAsync("rls-owner", "admin");
        var other = await api.Node.UserAsync("rls-other", "admin");
        await FillEveryTableAsync(owner);

        await using var connection = await api.Database.DataSource.OpenConnectionAsync();
        var tables = (await connection.QueryAsync<string>("""
            select c.relname
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            join pg_attribute a on a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped
            where n.nspname = 'public' and c.relkind in ('r', 'p')
            order by c.relname
            """)).Except(RowLevelSecurityTests.OutsideRowLevelSecurity).ToList();
        Assert.Contains("customers", tables);

        var failures = new List<string>();
        foreach (var table in tables)
        {
            var sql = $"select count(*) from \"{table}\" where workspace_id = @workspace";
            var own = await CountAsync(owner.Workspace, sql);
            var seenFromOther = await CountAsync(other.Workspace, sql);
            if (own == 0)
            {
                failures.Add($"{table}: the test wrote no row into it; fill it in {nameof(FillEveryTableAsync)}");
            }

            if (seenFromOther != 0)
            {
                failures.Add($"{table}: another workspace's session sees {seenFromOther} of its {own} rows");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));

        async Task<long> CountAsync(WorkspaceId session, string sql)
        {
            await using var s = await api.Database.Database.BeginAsync(session);
            return await s.QuerySingleOrDefaultAsync<long>(sql, new { workspace = owner.Workspace.Value });
        }
    }

    /// <summary>A row in every tenant table: customer, external id, order and items, activity and attachment, consent, custom field, product, notification, shop and link, message template, email, segment, membership and flip time, webhook subscription, delivery and attempt, idempotency key.</summary>
    private async Task FillEveryTableAsync(TestUser admin)
    {
        var crm = new CrmApiClient(admin.Http);
        var customer = (await crm.CreateCustomerAsync(new { first_name = "Rhea", last_name = "Locked", email = "rhea@example.com", country_code = "DE", tags = new[] { "vip" } }))
            .GetProperty("id").GetGuid();
        await crm.CreateOrderAsync(customer, "RLS-1", "EUR", 12m);

        var grain = api.Node.Services.GetRequiredService<IGrainFactory>().GetCustomer(admin.Workspace, customer);
        var snapshot = (await grain.GetAsync())!;
        Assert.True((await grain.UpdateAsync(snapshot.Profile with { ExternalIds = new Dictionary<string, string> { ["shop"] = "rls-1" } }, null, ChangeContext.System("test"))).IsOk);

        var activity = await admin.Http.PostJsonAsync($"/api/v1/customers/{customer}/activities", new { type = "note", subject = "Locked away" });
        Assert.Equal(HttpStatusCode.Created, activity.StatusCode);
        using (var upload = new MultipartFormDataContent { { new StringContent("private\n"), "file", "note.txt" } })
        {
            var attached = await admin.Http.PostAsync($"/api/v1/activities/{(await activity.JsonAsync()).GetProperty("id").GetGuid()}/attachments", upload);
            Assert.Equal(HttpStatusCode.Created, attached.StatusCode);
        }

        var consent = await admin.Http.PostJsonAsync($"/api/v1/customers/{customer}/consents", new { purpose = "marketing_email", granted = true, source = "checkout", text_version = "1" });
        Assert.Equal(HttpStatusCode.Created, consent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PutJsonAsync("/api/v1/custom-fields/rls_field", new { label = "RLS", type = "text" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.Http.PostJsonAsync("/api/v1/products", new { sku = "RLS-SKU", name = "Lock", price = 5m, currency = "EUR" })).StatusCode);
        Assert.NotNull(await api.Node.Services.GetRequiredService<NotificationStore>()
            .AddAsync(admin.Workspace, admin.Id, "task.due", new { subject = "Locked" }, "rls-1", ChangeContext.System("test")));

        // A connected shop and a link from its id to the customer (as the webhook drain writes it).
        var shop = await admin.Http.PostJsonAsync("/api/v1/integrations/shopify", new { shop_domain = "rls-locked.myshopify.com", access_token = "shpat_rls", api_secret_key = "rls-secret" });
        Assert.Equal(HttpStatusCode.Created, shop.StatusCode);
        var shopId = (await shop.JsonAsync()).GetProperty("id").GetGuid();

        var template = await admin.Http.PostJsonAsync("/api/v1/templates", new
        {
            name = "RLS", kind = "email", default_language = "en", variants = new[] { new { language = "en", subject = "Locked", body_html = "", body_text = "Locked" } },
        });
        Assert.Equal(HttpStatusCode.Created, template.StatusCode);
        // A bulk send to the customer: a job and its recipient row.
        Assert.Equal(HttpStatusCode.Accepted, (await admin.Http.PostJsonAsync("/api/v1/emails/bulk",
            new { template_id = (await template.JsonAsync()).GetProperty("id").GetGuid(), purpose = "transactional", filter = "tag=vip" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.Http.PostJsonAsync($"/api/v1/customers/{customer}/emails",
            new { subject = "Locked", body_text = "Locked away", purpose = "transactional" })).StatusCode);

        // A time-based segment the customer (ordered just now) is in: a segment, a membership and a flip time.
        var segment = await admin.Http.PostJsonAsync("/api/v1/segments", new { name = "Locked buyers", rules = new { field = "last_order_at", op = "within_days", value = 30 } });
        Assert.Equal(HttpStatusCode.Created, segment.StatusCode);

        // A webhook subscription (made last: no later change is meant for it), one delivery of it and one attempt.
        var webhook = await admin.Http.PostJsonAsync("/api/v1/webhooks", new { url = "https://203.0.113.10/rls", events = new[] { "customer.created" } });
        Assert.Equal(HttpStatusCode.Created, webhook.StatusCode);
        var webhookId = (await webhook.JsonAsync()).GetProperty("id").GetGuid();

        await using var session = await api.Database.Database.BeginAsync(admin.Workspace);
        var ids = new { workspace = admin.Workspace.Value, shop = shopId, customer, webhook = webhookId, delivery = Guid.NewGuid() };
        await session.ExecuteAsync("""
            insert into commerce_links (workspace_id, shop_id, kind, external_id, local_id) values (@workspace, @shop, 'customer', 'rls-1', @customer);
            insert into commerce_sync_jobs (workspace_id, shop_id, kind, status, started_at, updated_at) values (@workspace, @shop, 'full', 'failed', now(), now());
            insert into webhook_deliveries (workspace_id, id, subscription_id, outbox_id, event, status)
            select @workspace, @delivery, @webhook, min(id), 'customer.created', 'failed' from outbox;
            insert into webhook_attempts (workspace_id, delivery_id, attempt, attempted_at, duration_ms, error)
            values (@workspace, @delivery, 1, now(), 1, 'locked away');
            insert into revenue_daily (workspace_id, day, country_code, currency, orders, revenue, revenue_usd, usd_pending_orders)
            values (@workspace, '2026-01-01', 'DE', 'EUR', 1, 10, 11, 0);
            insert into idempotency_keys (workspace_id, actor, key, request_hash, expires_at, entity_type, entity_id, entity_action)
            values (@workspace, 'user:rls', 'rls-key', 'rls-hash', now() + interval '1 day', 'customer', @customer, 'create');
            insert into email_suppressions (workspace_id, address, reason) values (@workspace, 'locked@example.com', 'bounce');
            insert into email_inbound (workspace_id, message_id, source, status, from_address, subject, body_text)
            values (@workspace, 'locked@inbound.example', 'imap', 'unmatched', 'stranger@example.com', 'Locked', 'Locked away');
            insert into mail_sync_settings (workspace_id, inbound_token_hash) values (@workspace, 'locked');
            """, ids);
        await session.CommitAsync();
    }
}
