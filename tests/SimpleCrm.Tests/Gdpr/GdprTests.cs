using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Grains.Common;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Grains.Customers;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Gdpr;

/// <summary>GDPR through the API: the personal data export, erasure (checked against every column of the database) and consents.</summary>
public sealed class GdprTests(ApiFixture api) : WorkspaceTest(api, "gdpr")
{
    /// <summary>A customer with data in every place a person's data can sit.</summary>
    private sealed record Person(
        Guid Id, string First, string Last, string Email, string OldEmail, string Phone, string ExternalId, string Street, string TrackingNumber,
        Guid OrderWithRefund, Guid OtherOrder);

    [Fact]
    public async Task The_export_holds_profile_external_ids_orders_timeline_consents_and_audit_entries_and_is_audited()
    {
        var person = await SeedPersonAsync();

        var response = await Http.GetAsync($"/api/v1/customers/{person.Id}/gdpr-export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".json", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var export = await response.JsonAsync();

        Assert.Equal("simplecrm.personal-data/1", export.GetProperty("format").GetString());
        var customer = export.GetProperty("customer");
        Assert.Equal(person.Email, customer.GetProperty("email").GetString());
        Assert.Equal(person.First, customer.GetProperty("first_name").GetString());
        Assert.Equal(person.Phone, customer.GetProperty("phone").GetString());
        Assert.Contains(export.GetProperty("external_ids").EnumerateArray(), e => e.GetProperty("external_id").GetString() == person.ExternalId);

        var orders = export.GetProperty("orders").EnumerateArray().ToList();
        Assert.Equal(2, orders.Count);
        var refunded = orders.Single(o => o.GetProperty("id").GetGuid() == person.OrderWithRefund);
        Assert.Equal("Linen shirt", refunded.GetProperty("items")[0].GetProperty("product_name").GetString());
        Assert.Equal(10m, refunded.GetProperty("refunds")[0].GetProperty("amount").GetDecimal());
        Assert.Contains(person.First, refunded.GetProperty("shipping_address").GetProperty("name").GetString(), StringComparison.Ordinal);

        var activities = export.GetProperty("activities").EnumerateArray().ToList();
        Assert.Equal(2, activities.Count);
        Assert.Contains(activities, a => a.GetProperty("email_metadata").ValueKind == JsonValueKind.Object
            && a.GetProperty("email_metadata").GetProperty("from").GetString() == person.Email
            && a.GetProperty("attachments")[0].GetProperty("file_name").GetString() == "invoice.txt");

        var consents = export.GetProperty("consents");
        Assert.Equal(2, consents.GetProperty("items").GetArrayLength());
        Assert.True(consents.GetProperty("current").GetProperty("marketing_email").GetBoolean());

        var timeline = export.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("kind").GetString()).ToList();
        Assert.Contains("order.created", timeline);
        Assert.Contains("consent.recorded", timeline);

        var audit = export.GetProperty("audit").EnumerateArray()
            .Select(a => (Type: a.GetProperty("entity_type").GetString(), Action: a.GetProperty("action").GetString(), Entity: a.GetProperty("entity_id").GetGuid())).ToList();
        Assert.Contains(("customer", "create", person.Id), audit);
        Assert.Contains(("customer", "update", person.Id), audit);
        Assert.Contains(("customer", "read", person.Id), audit);
        Assert.Contains(("customer", "consent", person.Id), audit);
        Assert.Contains(("order", "create", person.OrderWithRefund), audit);
        Assert.Contains(("order", "update", person.OrderWithRefund), audit);
        Assert.DoesNotContain(export.GetProperty("audit").EnumerateArray(), a => a.TryGetProperty("remote_address", out _));

        // The download itself is in the audit log, attributed to the admin.
        Assert.Equal(1, await ScalarAsync<long>(
            "select count(*) from audit_log where entity_id = @id and action = 'export' and after ->> 'kind' = 'gdpr_export' and actor = @actor",
            new { id = person.Id, actor = $"user:{Admin.Id}" }));
    }

    [Fact]
    public async Task Erasure_leaves_no_trace_of_the_person_anywhere_in_the_database_and_keeps_the_orders()
    {
        var person = await SeedPersonAsync();
        var phoneDigits = new string(person.Phone.Where(char.IsDigit).ToArray());
        // Also as a logged query string carries them (the audit row of a search by email).
        var needles = new[]
        {
            person.Email, Uri.EscapeDataString(person.Email), person.OldEmail, person.First, person.Last, person.Phone, phoneDigits, person.ExternalId,
            person.Street, person.TrackingNumber,
        };
        var before = await DatabaseScan.FindAsync(Api.Database.DataSource, needles);
        Assert.Contains(before, hit => hit.StartsWith("orders.", StringComparison.Ordinal) && hit.Contains($"holds '{person.Street}'", StringComparison.Ordinal)); // the scan does find what is there
        Assert.Contains(before, hit => hit.StartsWith("orders.", StringComparison.Ordinal) && hit.Contains($"holds '{person.TrackingNumber}'", StringComparison.Ordinal));
        var workspace = await Api.Database.CreateWorkspaceAsync(Workspace);
        var attachmentFiles = (await AttachmentFilesAsync(workspace, person.Id)).ToList();
        Assert.NotEmpty(attachmentFiles);
        Assert.All(attachmentFiles, file => Assert.Contains(person.Email, File.ReadAllText(file), StringComparison.Ordinal));
        var ordersBefore = await OrdersAsync(person.Id);
        Assert.Equal(2, ordersBefore.Count);
        await Crm.GetAsync($"/api/v1/orders/{person.OrderWithRefund}"); // its grain holds the address in memory now

        var erase = await Http.PostJsonAsync($"/api/v1/customers/{person.Id}/erase", new { confirm = person.Email.ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.NoContent, erase.StatusCode);

        Assert.Empty(await DatabaseScan.FindAsync(Api.Database.DataSource, needles));
        Assert.All(attachmentFiles, file => Assert.False(File.Exists(file), $"{file} is still on disk"));

        // Orders stay for accounting: same ids, amounts, currency and dates; no address, tracking or free text.
        Assert.Equal(ordersBefore, await OrdersAsync(person.Id));
        var order = await Crm.GetAsync($"/api/v1/orders/{person.OrderWithRefund}");
        Assert.Equal(JsonValueKind.Null, order.GetProperty("shipping_address").ValueKind);
        Assert.Equal(JsonValueKind.Null, order.GetProperty("notes").ValueKind);
        Assert.Equal(JsonValueKind.Null, order.GetProperty("tracking_number").ValueKind);
        Assert.Equal(JsonValueKind.Null, order.GetProperty("refunds")[0].GetProperty("reason").ValueKind);
        Assert.Equal(10m, order.GetProperty("refunds")[0].GetProperty("amount").GetDecimal());
        Assert.Equal("DE", order.GetProperty("shipping_country").GetString());
        Assert.Equal("Linen shirt", order.GetProperty("items")[0].GetProperty("product_name").GetString());

        var customer = await Crm.GetAsync($"/api/v1/customers/{person.Id}");
        Assert.Equal("Erased", customer.GetProperty("first_name").GetString());
        Assert.Equal("Erased", customer.GetProperty("last_name").GetString());
        Assert.Equal($"erased-{person.Id}@erased.invalid", customer.GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.Null, customer.GetProperty("phone").ValueKind);
        Assert.Equal(0, customer.GetProperty("tags").GetArrayLength());
        Assert.Empty(customer.GetProperty("external_ids").EnumerateObject());
        Assert.Equal(2, customer.GetProperty("total_orders").GetInt32()); // metrics come from the kept orders

        // Activities stay as the team's work history, without what was said; attachments are gone.
        var kept = (await Crm.GetAsync($"/api/v1/customers/{person.Id}/activities")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, kept.Count);
        Assert.All(kept, a => Assert.Equal("Erased", a.GetProperty("subject").GetString()));
        Assert.Equal(0, await Api.Database.ScalarAsync<long>(workspace, "select count(*) from activity_attachments"));

        // Consents keep purpose, answer and time as proof; free text that named the person is gone.
        var consents = await Crm.GetAsync($"/api/v1/customers/{person.Id}/consents");
        var items = consents.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["profiling", "marketing_email"], items.Select(i => i.GetProperty("purpose").GetString()));
        Assert.Equal("erased", items[0].GetProperty("source").GetString());
        Assert.Equal("checkout", items[1].GetProperty("source").GetString());
        Assert.True(consents.GetProperty("current").GetProperty("marketing_email").GetBoolean());

        // The erasure is audited, without personal data.
        var erased = await ScalarAsync<string>("select after::text from audit_log where entity_id = @id and action = 'erase'", new { id = person.Id });
        Assert.Contains("\"orders_kept\": 2", erased, StringComparison.Ordinal);
        Assert.Equal(0, await ScalarAsync<long>("select count(*) from customer_external_ids where customer_id = @id", new { id = person.Id }));
    }

    [Fact]
    public async Task An_erased_customers_grain_serves_the_erased_data_and_refuses_writes_from_the_old_version()
    {
        var created = await Crm.CreateCustomerAsync(TestCustomers.Json($"grain-{Guid.NewGuid():N}@example.com"));
        var id = created.GetProperty("id").GetGuid();
        var before = await Crm.GetAsync($"/api/v1/customers/{id}"); // activates the grain with the personal data
        Assert.Equal("Jürgen", before.GetProperty("first_name").GetString());

        var erase = await Http.PostJsonAsync($"/api/v1/customers/{id}/erase", new { confirm = before.GetProperty("email").GetString() });
        Assert.Equal(HttpStatusCode.NoContent, erase.StatusCode);

        var after = await Crm.GetAsync($"/api/v1/customers/{id}");
        Assert.Equal("Erased", after.GetProperty("first_name").GetString());
        Assert.Equal($"erased-{id}@erased.invalid", after.GetProperty("email").GetString());
        Assert.Equal(before.GetProperty("version").GetInt32() + 1, after.GetProperty("version").GetInt32());
        Assert.Equal("inactive", after.GetProperty("status").GetString());

        // An edit made from the data read before the erasure cannot bring it back.
        var stale = await Http.PutAsync($"/api/v1/customers/{id}", JsonBody(new
        {
            first_name = "Jürgen", last_name = "Weiß", email = before.GetProperty("email").GetString(), country_code = "DE",
            version = before.GetProperty("version").GetInt32(),
        }));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("Erased", (await Crm.GetAsync($"/api/v1/customers/{id}")).GetProperty("first_name").GetString());
    }

    [Fact]
    public async Task Erasure_with_a_wrong_or_missing_confirmation_is_400_naming_confirm_and_changes_nothing()
    {
        var person = await SeedPersonAsync();
        var before = await WorkspaceDigestAsync();

        foreach (var body in new object[] { new { confirm = "someone-else@example.com" }, new { confirm = "" }, new { } })
        {
            var response = await Http.PostJsonAsync($"/api/v1/customers/{person.Id}/erase", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("confirm", out _));
        }

        Assert.Equal(before, await WorkspaceDigestAsync());
        Assert.Equal(person.Email, (await Crm.GetAsync($"/api/v1/customers/{person.Id}")).GetProperty("email").GetString());
    }

    [Fact]
    public async Task Consents_keep_their_history_newest_first_and_answer_the_current_state_per_purpose()
    {
        var id = (await Crm.CreateCustomerAsync($"consents-{Guid.NewGuid():N}@example.com")).GetProperty("id").GetGuid();
        var empty = await Crm.GetAsync($"/api/v1/customers/{id}/consents");
        Assert.Equal(0, empty.GetProperty("items").GetArrayLength());
        Assert.False(empty.GetProperty("current").GetProperty("marketing_email").GetBoolean());

        var first = await RecordConsentAsync(id, "marketing_email", true, "newsletter_form", "2024-01");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var record = await first.JsonAsync();
        Assert.Equal("marketing_email", record.GetProperty("purpose").GetString());
        Assert.True(record.GetProperty("granted").GetBoolean());
        Assert.Equal("newsletter_form", record.GetProperty("source").GetString());
        Assert.Equal("2024-01", record.GetProperty("text_version").GetString());
        Assert.Equal($"user:{Admin.Id}", record.GetProperty("recorded_by").GetString());
        Assert.Equal(HttpStatusCode.Created, (await RecordConsentAsync(id, "marketing_sms", true, "checkout", "2024-01")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await RecordConsentAsync(id, "marketing_email", false, "unsubscribe_link", "2024-01")).StatusCode);

        var consents = await Crm.GetAsync($"/api/v1/customers/{id}/consents");
        var items = consents.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(
            [("marketing_email", false), ("marketing_sms", true), ("marketing_email", true)],
            items.Select(i => (i.GetProperty("purpose").GetString(), i.GetProperty("granted").GetBoolean())));
        var times = items.Select(i => i.GetProperty("recorded_at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        var current = consents.GetProperty("current");
        Assert.False(current.GetProperty("marketing_email").GetBoolean());
        Assert.True(current.GetProperty("marketing_sms").GetBoolean());
        Assert.False(current.GetProperty("profiling").GetBoolean());

        // Each statement is audited with the customer, in the same transaction.
        Assert.Equal(3, await ScalarAsync<long>("select count(*) from audit_log where entity_id = @id and action = 'consent'", new { id }));
    }

    [Fact]
    public async Task Bad_consent_input_is_400_naming_the_field_and_stores_nothing()
    {
        var id = (await Crm.CreateCustomerAsync($"bad-consent-{Guid.NewGuid():N}@example.com")).GetProperty("id").GetGuid();

        await AssertBadAsync(new { purpose = "telepathy", granted = true, source = "checkout", text_version = "v1" }, "purpose");
        await AssertBadAsync(new { granted = true, source = "checkout", text_version = "v1" }, "purpose");
        await AssertBadAsync(new { purpose = "profiling", source = "checkout", text_version = "v1" }, "granted");
        await AssertBadAsync(new { purpose = "profiling", granted = true, text_version = "v1" }, "source");
        await AssertBadAsync(new { purpose = "profiling", granted = true, source = "  ", text_version = "v1" }, "source");
        await AssertBadAsync(new { purpose = "profiling", granted = true, source = "checkout" }, "text_version");
        await AssertBadAsync(new { purpose = "profiling", granted = "yes", source = "checkout", text_version = "v1" }, "granted");
        await AssertBadAsync(new { purpose = "profiling", granted = true, source = new string('s', 201), text_version = "v1" }, "source");

        Assert.Equal(0, (await Crm.GetAsync($"/api/v1/customers/{id}/consents")).GetProperty("items").GetArrayLength());
        Assert.Equal(0, await ScalarAsync<long>("select count(*) from customer_consents where customer_id = @id", new { id }));

        async Task AssertBadAsync(object body, string field)
        {
            var response = await Http.PostJsonAsync($"/api/v1/customers/{id}/consents", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), $"{field}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Unknown_and_foreign_customers_are_404_everywhere()
    {
        var other = await Api.Node.UserAsync($"gdpr-other-{Guid.NewGuid():N}"[..20], "admin");
        var foreign = (await new CrmApiClient(other.Http).CreateCustomerAsync($"foreign-{Guid.NewGuid():N}@example.com")).GetProperty("id").GetGuid();

        foreach (var id in new[] { Guid.NewGuid(), foreign })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/v1/customers/{id}/gdpr-export")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await Http.PostJsonAsync($"/api/v1/customers/{id}/erase", new { confirm = "x@example.com" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/v1/customers/{id}/consents")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await RecordConsentAsync(id, "profiling", true, "checkout", "v1")).StatusCode);
        }

        Assert.Equal(0, await ScalarAsync<long>("select count(*) from customer_consents"));
    }

    [Fact]
    public async Task Roles_decide_who_exports_erases_and_records_consents()
    {
        var agent = await MemberAsync("agent");
        var readonlyUser = await MemberAsync("readonly");
        var manager = await MemberAsync("manager");
        var notAssigned = (await Crm.CreateCustomerAsync($"not-assigned-{Guid.NewGuid():N}@example.com")).GetProperty("id").GetGuid();
        var assigned = (await new CrmApiClient(agent.Http).CreateCustomerAsync($"assigned-{Guid.NewGuid():N}@example.com")).GetProperty("id").GetGuid();

        // Agents: consents of their own customers only; no export or erasure at all.
        Assert.Equal(HttpStatusCode.NotFound, (await agent.Http.GetAsync($"/api/v1/customers/{notAssigned}/consents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await RecordConsentAsync(notAssigned, "profiling", true, "checkout", "v1", agent.Http)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await RecordConsentAsync(assigned, "profiling", true, "phone", "v1", agent.Http)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync($"/api/v1/customers/{assigned}/consents")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync($"/api/v1/customers/{assigned}/gdpr-export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.PostJsonAsync($"/api/v1/customers/{assigned}/erase", new { confirm = "x@example.com" })).StatusCode);

        // Read-only: reads consents, records none.
        Assert.Equal(HttpStatusCode.OK, (await readonlyUser.Http.GetAsync($"/api/v1/customers/{assigned}/consents")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await RecordConsentAsync(assigned, "profiling", false, "checkout", "v1", readonlyUser.Http)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await readonlyUser.Http.GetAsync($"/api/v1/customers/{assigned}/gdpr-export")).StatusCode);

        // Managers hold the gdpr permission.
        Assert.Equal(HttpStatusCode.OK, (await manager.Http.GetAsync($"/api/v1/customers/{notAssigned}/gdpr-export")).StatusCode);
        var email = (await Crm.GetAsync($"/api/v1/customers/{notAssigned}")).GetProperty("email").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await manager.Http.PostJsonAsync($"/api/v1/customers/{notAssigned}/erase", new { confirm = email })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.Node.Anonymous.GetAsync($"/api/v1/customers/{assigned}/consents")).StatusCode);
    }

    [Fact]
    public async Task Consent_records_are_append_only_but_go_with_a_deleted_customer()
    {
        var id = (await Crm.CreateCustomerAsync($"append-only-{Guid.NewGuid():N}@example.com")).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await RecordConsentAsync(id, "marketing_sms", true, "checkout", "v1")).StatusCode);

        var workspace = await Api.Database.CreateWorkspaceAsync(Workspace);
        foreach (var sql in new[] { "update customer_consents set granted = false", "delete from customer_consents" })
        {
            await using var session = await Api.Database.Database.BeginAsync(workspace.WorkspaceId);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => session.ExecuteAsync(sql));
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/v1/customers/{id}")).StatusCode);
        Assert.Equal(0, await ScalarAsync<long>("select count(*) from customer_consents where customer_id = @id", new { id }));
    }

    /// <summary>
    /// A customer whose data sits everywhere: an email changed once (the old one lives in audit snapshots), phone,
    /// company, tags, an external id, two orders (address, notes, tracking, a refund with a reason), consents (one
    /// naming the email), searches by email and by full name in the audit log.
    /// </summary>
    private async Task<Person> SeedPersonAsync()
    {
        var first = "Ysolde" + Letters(8);
        var last = "Quarrington" + Letters(8);
        var oldEmail = $"{first}.{last}.old@example.com".ToLowerInvariant();
        var email = $"{first}.{last}@example.com".ToLowerInvariant();
        var phone = "+49 30 " + Random.Shared.Next(2_000_000, 9_999_999);
        var profile = new
        {
            first_name = first, last_name = last, email = oldEmail, phone, company_name = $"{last} Consulting", country_code = "DE",
            city = "Berlin", postal_code = "10115", region = "Berlin", timezone = "Europe/Berlin", language = "de", currency = "EUR",
            tags = new[] { "vip" },
        };
        var created = await Crm.CreateCustomerAsync(profile);
        var id = created.GetProperty("id").GetGuid();
        var storedPhone = created.GetProperty("phone").GetString()!;
        var update = await Http.PutAsync($"/api/v1/customers/{id}", JsonBody(profile with { email = email }));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);

        var externalId = "shop-" + Letters(10);
        var grain = Api.Node.Services.GetRequiredService<IGrainFactory>().GetCustomer(Admin.Workspace, id);
        var snapshot = (await grain.GetAsync())!;
        var withId = await grain.UpdateAsync(snapshot.Profile with { ExternalIds = new Dictionary<string, string> { ["shopify"] = externalId } }, null, ChangeContext.System("test"));
        Assert.True(withId.IsOk);
        await Crm.GetAsync($"/api/v1/customers/{id}");

        var street = "Quellenweg" + Letters(8) + " 5";
        var trackingNumber = "TRK" + Letters(10).ToUpperInvariant();
        var order = await Http.PostJsonAsync("/api/v1/orders", new
        {
            customer_id = id,
            order_number = "G-" + Letters(6),
            currency = "EUR",
            status = "processing",
            items = new[] { new { product_id = "sku-1", product_name = "Linen shirt", quantity = 2, unit_price = 45.50m } },
            shipping_country = "DE",
            shipping_address = new { name = $"{first} {last}", line1 = street, city = "Berlin", postal_code = "10115", phone = storedPhone, email },
            carrier = "DHL",
            tracking_number = trackingNumber,
            notes = $"Ring twice and ask for {first}",
        });
        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        var orderWithRefund = (await order.JsonAsync()).GetProperty("id").GetGuid();
        var refund = await Http.PostJsonAsync($"/api/v1/orders/{orderWithRefund}/refunds", new { amount = 10m, reason = $"{last} sent one back", is_return = true });
        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        var otherOrder = (await Crm.CreateOrderAsync(id, "G-" + Letters(6), "EUR", 20m)).GetProperty("id").GetGuid();

        // An email from the person, logged with its metadata and an attachment, and a note that names them.
        var mail = await Http.PostJsonAsync($"/api/v1/customers/{id}/activities", new
        {
            type = "email", direction = "inbound", subject = $"Question from {first} {last}", description = $"Please answer {email}",
            email_metadata = new { from = email, to = new[] { "shop@example.com" } },
        });
        Assert.Equal(HttpStatusCode.Created, mail.StatusCode);
        using (var upload = new MultipartFormDataContent())
        {
            upload.Add(new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes($"Invoice for {first} {last}, {email}\n")), "file", "invoice.txt");
            var attached = await Http.PostAsync($"/api/v1/activities/{(await mail.JsonAsync()).GetProperty("id").GetGuid()}/attachments", upload);
            Assert.Equal(HttpStatusCode.Created, attached.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await Http.PostJsonAsync($"/api/v1/customers/{id}/activities", new { type = "note", subject = "Call back", description = $"{first} prefers mornings, phone {storedPhone}" })).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await RecordConsentAsync(id, "marketing_email", true, "checkout", "2024-05")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await RecordConsentAsync(id, "profiling", false, $"reply from {email}", "2024-05")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync($"/api/v1/customers/export?format=csv&q={Uri.EscapeDataString(email)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync($"/api/v1/customers/export?format=json&q={Uri.EscapeDataString($"{first} {last}")}")).StatusCode);
        return new Person(id, first, last, email, oldEmail, storedPhone, externalId, street, trackingNumber, orderWithRefund, otherOrder);
    }

    /// <summary>The files on disk of the customer's attachments, as the local-disk store keeps them.</summary>
    private async Task<IEnumerable<string>> AttachmentFilesAsync(SimpleCrm.Data.Workspaces.Workspace workspace, Guid customer)
    {
        var store = Assert.IsType<SimpleCrm.Api.Activities.LocalDiskAttachmentStore>(Api.Node.Services.GetRequiredService<SimpleCrm.Api.Activities.IAttachmentStore>());
        await using var session = await Api.Database.Database.BeginAsync(workspace.WorkspaceId);
        var keys = await session.QueryAsync<string>(
            "select f.storage_key from activity_attachments f join activities a on a.id = f.activity_id where a.customer_id = @customer", new { customer });
        return keys.Select(key => Path.Combine(store.Root, key.Replace('/', Path.DirectorySeparatorChar)));
    }

    private Task<HttpResponseMessage> RecordConsentAsync(Guid customer, string purpose, bool granted, string source, string textVersion, HttpClient? http = null) =>
        (http ?? Http).PostJsonAsync($"/api/v1/customers/{customer}/consents", new { purpose, granted, source, text_version = textVersion });

    private async Task<List<(Guid Id, decimal Total, decimal Refunded, string Currency, DateTime OrderedAt, int Items)>> OrdersAsync(Guid customer)
    {
        await using var session = await Api.Database.Database.BeginAsync(Admin.Workspace);
        return (await session.QueryAsync<(Guid, decimal, decimal, string, DateTime, int)>("""
            select o.id, o.total_amount, o.refunded_amount, o.currency, o.ordered_at,
                   (select count(*)::int from order_items i where i.workspace_id = o.workspace_id and i.order_id = o.id)
            from orders o where o.customer_id = @customer order by o.id
            """, new { customer })).ToList();
    }

    /// <summary>Every tenant row of the test's workspace, hashed: equal digests mean nothing was written.</summary>
    private async Task<string> WorkspaceDigestAsync()
    {
        string[] tables = ["customers", "customer_external_ids", "orders", "order_items", "timeline_entries", "outbox", "audit_log", "customer_consents"];
        var sql = string.Join(" || ", tables.Select(t => $"(select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from {t} x)"));
        return await ScalarAsync<string>($"select {sql}");
    }

    private async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var session = await Api.Database.Database.BeginAsync(Admin.Workspace);
        return (await session.QuerySingleOrDefaultAsync<T>(sql, parameters))!;
    }

    private static StringContent JsonBody(object body) =>
        new(JsonSerializer.Serialize(body, ApiNode.Json), System.Text.Encoding.UTF8, "application/json");

    private static string Letters(int count) =>
        new(Guid.NewGuid().ToString("N").Select(c => (char)('a' + (c % 26))).Take(count).ToArray());
}
