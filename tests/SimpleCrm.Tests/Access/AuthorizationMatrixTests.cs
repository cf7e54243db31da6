using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Api.Access;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Access;

/// <summary>
/// Every endpoint × every role × a resource that is theirs, one that is not assigned to them, and one of
/// another workspace → the expected status. The endpoint list is read from the running app, so a new
/// endpoint without an access rule fails here first.
/// </summary>
public sealed class AuthorizationMatrixTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private sealed record Endpoint(string Method, string Pattern, Permission? Permission, bool SignedInOnly, bool Anonymous, string ContentType);

    [Fact]
    public void Every_api_endpoint_declares_who_may_call_it()
    {
        var missing = Endpoints().Where(e => e.Permission is null && !e.SignedInOnly && !e.Anonymous).Select(e => $"{e.Method} {e.Pattern}").ToList();
        Assert.True(missing.Count == 0, "Endpoints without an access rule: " + string.Join(", ", missing));
        Assert.True(Endpoints().Count > 40, "the endpoint list looks incomplete");
    }

    /// <summary>
    /// Each call gets a valid request: the body is built from the operation's request schema in the served OpenAPI
    /// document (its required properties, filled with real records made for the call), and an allowed call must
    /// answer the operation's documented success status. Routes that name a record are called with the caller's
    /// own record, with one not assigned to them (agents: 404) and with another workspace's (404 for everyone).
    /// </summary>
    [Fact]
    public async Task Every_endpoint_answers_every_role_as_the_permission_table_says()
    {
        var roles = new Dictionary<string, TestUser>();
        foreach (var role in Roles.All)
        {
            roles[role] = await api.Node.UserAsync("matrix-own", role);
        }

        var document = await new CrmApiClient(api.Http).GetAsync("/openapi/v1.json");
        var admin = roles[Roles.Admin];
        var foreignAdmin = await api.Node.UserAsync("matrix-foreign", Roles.Admin);
        var agentId = roles[Roles.Agent].Id;
        var shared = new Dictionary<Scope, Records>
        {
            [Scope.Own] = new(admin.Http, agentId, api.Database),
            [Scope.Unassigned] = new(admin.Http, null, api.Database),
            [Scope.OtherWorkspace] = new(foreignAdmin.Http, foreignAdmin.Id, api.Database),
        };

        var failures = new List<string>();
        var endpoints = Endpoints().Where(e => !e.Anonymous).ToList();
        Assert.NotEmpty(endpoints);
        var checkedScopes = 0;
        foreach (var endpoint in endpoints)
        {
            var operation = Operation(document, endpoint);
            var success = SuccessStatus(operation, endpoint);

            // No credentials: always 401.
            var anonymous = await SendAsync(api.Node.Anonymous, endpoint, operation, document, shared[Scope.Own]);
            Expect(failures, endpoint, "anonymous", anonymous, HttpStatusCode.Unauthorized);
            if (endpoint.SignedInOnly || IsSelfService(endpoint))
            {
                continue; // every signed-in user may; checked for 401 above
            }

            foreach (var (role, user) in roles)
            {
                var allowed = Permissions.ForRole(role).Contains(endpoint.Permission!.Value);
                if (!allowed)
                {
                    Expect(failures, endpoint, $"{role}/own", await SendAsync(user.Http, endpoint, operation, document, shared[Scope.Own]), HttpStatusCode.Forbidden);
                    continue;
                }

                foreach (var scope in ScopesOf(endpoint))
                {
                    // A call that changes something gets records of its own; reads share them.
                    var records = endpoint.Method == "GET" ? shared[scope] : new Records(shared[scope].Admin, shared[scope].Owner, shared[scope].Database);
                    var answer = await SendAsync(user.Http, endpoint, operation, document, records);
                    var expected = scope switch
                    {
                        Scope.OtherWorkspace => HttpStatusCode.NotFound,
                        Scope.Unassigned when role == Roles.Agent => HttpStatusCode.NotFound,
                        _ => success,
                    };
                    Expect(failures, endpoint, $"{role}/{scope}", answer, expected);
                    checkedScopes += scope == Scope.Own ? 0 : 1;
                }
            }
        }

        Assert.True(checkedScopes > 50, $"only {checkedScopes} calls checked a record that is not the caller's own");
        Assert.True(failures.Count == 0, $"{failures.Count} unexpected answers:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task An_agents_list_search_and_export_contain_only_customers_assigned_to_them()
    {
        var admin = await api.Node.UserAsync("matrix-lists", Roles.Admin);
        var agent = await api.Node.UserAsync("matrix-lists", Roles.Agent);
        var crm = new CrmApiClient(admin.Http);
        var mine = (await crm.CreateCustomerAsync(new { first_name = "Zora", last_name = "Mine", email = "zora.mine@example.com", country_code = "DE", owner_id = agent.Id })).GetProperty("id").GetGuid();
        await crm.CreateCustomerAsync(new { first_name = "Zora", last_name = "Theirs", email = "zora.theirs@example.com", country_code = "DE" });

        foreach (var (url, expected) in new[]
        {
            ("/api/v1/customers", new[] { mine }), ("/api/v1/customers?q=zora", [mine]), ("/api/v1/customers?q=theirs", []), ("/api/v1/customers?owner=" + admin.Id, []),
        })
        {
            var page = await new CrmApiClient(agent.Http).GetAsync(url);
            var ids = page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
            Assert.Equal(expected, ids);
        }

        var export = await agent.Http.GetStringAsync("/api/v1/customers/export?format=csv");
        Assert.Contains("zora.mine@example.com", export);
        Assert.DoesNotContain("zora.theirs@example.com", export);

        // An agent's new customer is theirs, whatever owner the request names.
        var created = await new CrmApiClient(agent.Http).CreateCustomerAsync(new { first_name = "New", last_name = "One", email = "new.one@example.com", country_code = "DE", owner_id = admin.Id });
        Assert.Equal(agent.Id, created.GetProperty("owner_id").GetGuid());
    }

    private enum Scope
    {
        Own,
        Unassigned,
        OtherWorkspace,
    }

    /// <summary>Which records a route names, and so which scopes are checked.</summary>
    private static IEnumerable<Scope> ScopesOf(Endpoint endpoint)
    {
        yield return Scope.Own;
        var resource = endpoint.Pattern.Split('/')[3];
        if (!endpoint.Pattern.Contains('{', StringComparison.Ordinal) || (resource == "custom-fields" && endpoint.Method == "PUT") || resource == "ingest")
        {
            yield break; // names no record (a PUT of a custom field defines it, an ingestion source is made on first use, in the caller's workspace)
        }

        if (resource is "customers" or "orders" or "activities" or "attachments")
        {
            yield return Scope.Unassigned; // records reached through a customer, which may be assigned to someone else
        }

        yield return Scope.OtherWorkspace;
    }

    /// <summary>
    /// Records of one workspace for the calls of one scope, made on first use: a customer (assigned to
    /// <see cref="Owner"/>, or to nobody), its order, a task on it with an attachment, a team member, an API key and a
    /// custom field.
    /// </summary>
    private sealed class Records(HttpClient admin, Guid? owner, TestDatabase database)
    {
        private readonly string tag = Guid.NewGuid().ToString("N")[..10];
        private readonly Dictionary<string, Task<Guid>> made = [];

        public HttpClient Admin { get; } = admin;

        public TestDatabase Database { get; } = database;

        public Guid? Owner { get; } = owner;

        public string Email => $"matrix-{tag}@example.com";

        public string Tag => $"tag-{tag}";

        public string FieldKey => $"field_{tag}";

        public Task<Guid> CustomerAsync() => Once("customer", async () =>
            await CreatedAsync(Admin, "/api/v1/customers", new { first_name = "Asa", last_name = "Matrix", email = Email, country_code = "SE", currency = "EUR", owner_id = Owner, tags = new[] { Tag } }));

        public Task<Guid> OrderAsync() => Once("order", async () =>
            (await new CrmApiClient(Admin).CreateOrderAsync(await CustomerAsync(), $"M-{tag}", "EUR", 10m, status: "processing")).GetProperty("id").GetGuid());

        public Task<Guid> ActivityAsync() => Once("activity", async () =>
            await CreatedAsync(Admin, "/api/v1/activities", new { customer_id = await CustomerAsync(), type = "task", subject = "Matrix task", due_at = DateTimeOffset.UtcNow.AddDays(3) }));

        public Task<Guid> AttachmentAsync() => Once("attachment", async () =>
        {
            using var upload = new MultipartFormDataContent { { new StringContent("matrix attachment\n"), "file", "matrix.txt" } };
            var response = await Admin.PostAsync($"/api/v1/activities/{await ActivityAsync()}/attachments", upload);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return (await response.JsonAsync()).GetProperty("id").GetGuid();
        });

        public Task<Guid> TeamMemberAsync() => Once("user", async () =>
            await CreatedAsync(Admin, "/api/v1/users", new { email = $"member-{tag}@example.com", role = "readonly", first_name = "Mia", last_name = "Member" }));

        public Task<Guid> ApiKeyAsync() => Once("api-key", async () =>
            await CreatedAsync(Admin, "/api/v1/api-keys", new { name = $"key {tag}", scopes = new[] { "customers:read" } }));

        public Task<Guid> SegmentAsync() => Once("segment", async () =>
            await CreatedAsync(Admin, "/api/v1/segments", new { name = $"Matrix {tag}", kind = "static" }));

        public Task<Guid> TemplateAsync() => Once("template", async () =>
            await CreatedAsync(Admin, "/api/v1/templates", new
            {
                name = $"Matrix {tag}", kind = "email", default_language = "en",
                variants = new[] { new { language = "en", subject = "Hello {{ customer.first_name }}", body_html = "<p>Hi</p>", body_text = "Hi" } },
            }));

        public Task<Guid> BulkEmailAsync() => Once("bulk-email", async () =>
            await CreatedAsync(Admin, "/api/v1/emails/bulk", new { template_id = await TemplateAsync(), purpose = "service", filter = "country=SE" }, HttpStatusCode.Accepted));

        /// <summary>A mail sent to the customer, once the dispatcher has put it in the local mailbox.</summary>
        public Task<Guid> MailboxMessageAsync() => Once("mailbox", async () =>
        {
            var id = await CreatedAsync(Admin, $"/api/v1/customers/{await CustomerAsync()}/emails",
                new { subject = "Matrix", body_text = "Matrix mail", purpose = "transactional" }, HttpStatusCode.Accepted);
            for (var i = 0; i < 300; i++)
            {
                if ((await Admin.GetAsync($"/api/v1/mailbox/{id}")).StatusCode == HttpStatusCode.OK)
                {
                    return id;
                }

                await Task.Delay(100);
            }

            throw new InvalidOperationException("The matrix mail never reached the local mailbox.");
        });

        public Task<Guid> WebhookAsync() => Once("webhook", async () =>
            await CreatedAsync(Admin, "/api/v1/webhooks", new { url = WebhookUrl, events = new[] { "customer.created" } }));

        /// <summary>A delivery of the webhook: made by creating a customer after it, then waiting for the dispatcher.</summary>
        public Task<Guid> WebhookDeliveryAsync() => Once("webhook-delivery", async () =>
        {
            var webhook = await WebhookAsync();
            await CreatedAsync(Admin, "/api/v1/customers", new { first_name = "Wes", last_name = "Hook", email = $"hook-{tag}@example.com", country_code = "SE" });
            for (var i = 0; i < 200; i++)
            {
                var items = (await new CrmApiClient(Admin).GetAsync($"/api/v1/webhooks/{webhook}/deliveries")).GetProperty("items");
                if (items.GetArrayLength() > 0)
                {
                    return items[0].GetProperty("id").GetGuid();
                }

                await Task.Delay(100);
            }

            throw new TimeoutException("no webhook delivery was made");
        });

        public Task<Guid> IntegrationAsync() => Once("integration", async () =>
            await CreatedAsync(Admin, "/api/v1/integrations/woocommerce",
                new { site_url = $"https://matrix-{tag}-{Guid.NewGuid():N}.example.com", consumer_key = "ck", consumer_secret = "cs", webhook_secret = "ws" }));

        /// <summary>A webhook event as five failed attempts leave it in the inbox.</summary>
        public async Task<long> DeadLetterAsync()
        {
            var shop = await IntegrationAsync();
            await using var connection = await Database.Database.OpenSharedAsync();
            return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, """
                insert into commerce_inbox (workspace_id, shop_id, topic, dedup_key, entity_key, headers, body, status, attempts, last_error)
                select workspace_id, shop_id, 'order.created', gen_random_uuid()::text, 'order:1', '{}', '\x7b7d', 'dead', 5, 'matrix'
                from commerce_shop_routes where shop_id = @shop
                returning id
                """, new { shop });
        }

        public Task<string> CustomFieldAsync() => OnceText("custom-field", async () =>
        {
            var response = await Admin.PutJsonAsync($"/api/v1/custom-fields/{FieldKey}", new { label = "Matrix", type = "text" });
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            return FieldKey;
        });

        private Task<Guid> Once(string what, Func<Task<Guid>> make)
        {
            if (!made.TryGetValue(what, out var task))
            {
                made[what] = task = make();
            }

            return task;
        }

        private async Task<string> OnceText(string what, Func<Task<string>> make)
        {
            await Once(what, async () => { await make(); return Guid.Empty; });
            return FieldKey;
        }
    }

    /// <summary>A public address that answers nothing (TEST-NET-3): accepted by the default target rules, needs no DNS.</summary>
    private const string WebhookUrl = "https://203.0.113.10/hook";

    private static async Task<Guid> CreatedAsync(HttpClient http, string url, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await http.PostJsonAsync(url, body);
        Assert.True(response.StatusCode == expected, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>The route with the records it names.</summary>
    private static async Task<string> UrlAsync(Endpoint endpoint, Records records)
    {
        var segments = endpoint.Pattern.Split('/');
        var url = new StringBuilder(endpoint.Pattern);
        if (endpoint.Pattern.Contains("{id:long}", StringComparison.Ordinal))
        {
            url.Replace("{id:long}", segments[4] switch
            {
                "dead-letters" => (await records.DeadLetterAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture),
                var other => throw new InvalidOperationException($"{endpoint.Pattern}: which record does /{other}/{{id}} name?"),
            });
        }
        else if (endpoint.Pattern.Contains("{id", StringComparison.Ordinal))
        {
            var id = segments[3] switch
            {
                "customers" => await records.CustomerAsync(),
                "orders" => await records.OrderAsync(),
                "activities" => await records.ActivityAsync(),
                "attachments" => await records.AttachmentAsync(),
                "users" => await records.TeamMemberAsync(),
                "api-keys" => await records.ApiKeyAsync(),
                "webhooks" => await records.WebhookAsync(),
                "segments" => await records.SegmentAsync(),
                "templates" => await records.TemplateAsync(),
                "mailbox" => await records.MailboxMessageAsync(),
                "emails" => await records.BulkEmailAsync(),

                "integrations" => await records.IntegrationAsync(),
                // One's own account and notifications: only the anonymous call is made here, refused before any lookup.
                "auth" or "notifications" => Guid.NewGuid(),
                var other => throw new InvalidOperationException($"{endpoint.Pattern}: which record does /{other}/{{id}} name?"),
            };
            url.Replace("{id:guid}", id.ToString()).Replace("{id}", id.ToString());
        }

        if (endpoint.Pattern.Contains("{deliveryId", StringComparison.Ordinal))
        {
            url.Replace("{deliveryId:guid}", (await records.WebhookDeliveryAsync()).ToString());
        }

        if (endpoint.Pattern.Contains("{key}", StringComparison.Ordinal))
        {
            url.Replace("{key}", endpoint.Method == "PUT" ? $"new_{Guid.NewGuid():N}"[..20] : await records.CustomFieldAsync());
        }

        return url.Replace("{tag}", records.Tag).Replace("{source}", "matrix_source").ToString();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, Endpoint endpoint, JsonElement operation, JsonElement document, Records records)
    {
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), await UrlAsync(endpoint, records) + Query(operation, endpoint));
        if (operation.TryGetProperty("requestBody", out var body))
        {
            var content = body.GetProperty("content");
            if (content.TryGetProperty("application/json", out var json))
            {
                var value = await ValueAsync(document, Resolve(document, json.GetProperty("schema")), "", "", records);
                request.Content = new StringContent(value!.ToJsonString(), Encoding.UTF8, "application/json");
            }
            else if (content.TryGetProperty("multipart/form-data", out _))
            {
                request.Content = new MultipartFormDataContent { { new StringContent("matrix upload\n"), "file", "matrix.txt" } };
            }
            else if (content.TryGetProperty("text/csv", out _))
            {
                request.Content = new StringContent($"first_name,last_name,email,country_code\nIda,Import,import-{Guid.NewGuid():N}@example.com,SE\n", Encoding.UTF8, "text/csv");
            }
            else
            {
                throw new InvalidOperationException($"{endpoint.Method} {endpoint.Pattern}: no test body for {content}");
            }
        }

        return await http.SendAsync(request);
    }

    /// <summary>Test values of the query parameters operations document as required.</summary>
    private static readonly Dictionary<string, string> RequiredQueryValues = new() { ["amount"] = "10", ["currency"] = "EUR", ["shop"] = "matrix-shop.myshopify.com" };

    /// <summary>The query an operation needs: its documented required parameters; one without a test value names itself here.</summary>
    private static string Query(JsonElement operation, Endpoint endpoint)
    {
        var required = operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query" && p.TryGetProperty("required", out var r) && r.GetBoolean()).Select(p => p.GetProperty("name").GetString()!).ToList()
            : [];
        var missing = required.Where(p => !RequiredQueryValues.ContainsKey(p)).ToList();
        Assert.True(missing.Count == 0, $"{endpoint.Pattern}: required query parameters without a test value: " + string.Join(", ", missing));
        return required.Count == 0 ? "" : "?" + string.Join("&", required.Select(p => $"{p}={RequiredQueryValues[p]}"));
    }

    /// <summary>
    /// A valid value for a schema: objects get their required properties (and the optional ones a meaningful call
    /// needs), enums their first value, unless the property's meaning needs a particular one (<see cref="KnownAsync"/>).
    /// </summary>
    private static async Task<JsonNode?> ValueAsync(JsonElement document, (string Name, JsonElement Schema) resolved, string owner, string property, Records records)
    {
        var schema = resolved.Schema;
        var type = schema.TryGetProperty("type", out var t)
            ? t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString()).First(x => x != "null") : t.GetString()
            : schema.TryGetProperty("enum", out _) ? "enum" : "object";
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (format is "double" or "float" or "decimal")
        {
            type = "number"; // decimals are documented by their format alone
        }

        if (type == "array")
        {
            return new JsonArray(await ValueAsync(document, Resolve(document, schema.GetProperty("items")), owner, property, records));
        }

        if (format == "date")
        {
            return JsonValue.Create(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        if ((await KnownAsync($"{owner}.{property}", records) ?? await KnownAsync(property, records)) is { } known)
        {
            return known;
        }

        switch (type)
        {
            case "enum":
                return JsonValue.Create(schema.GetProperty("enum").EnumerateArray().First(v => v.ValueKind == JsonValueKind.String).GetString());
            case "object":
                var node = new JsonObject();
                var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : [];
                foreach (var prop in schema.TryGetProperty("properties", out var p) ? p.EnumerateObject().ToList() : [])
                {
                    if (required.Contains(prop.Name) || AlsoFilled.Contains($"{resolved.Name}.{prop.Name}"))
                    {
                        node[prop.Name] = await ValueAsync(document, Resolve(document, prop.Value), resolved.Name, prop.Name, records);
                    }
                }

                return node;
            case "boolean":
                return JsonValue.Create(true);
            case "integer":
                return JsonValue.Create(1);
            case "number":
                return JsonValue.Create(10m);
            case "string":
                Assert.False(format == "uuid", $"no record for the id {owner}.{property}");
                return JsonValue.Create($"matrix {property}");
            default:
                throw new InvalidOperationException($"schema type {type} of {owner}.{property}");
        }
    }

    /// <summary>The schema itself: a reference followed, the non-null branch of a nullable one, with its name.</summary>
    private static (string Name, JsonElement Schema) Resolve(JsonElement document, JsonElement schema, string name = "")
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = reference.GetString()!.Split('/')[^1];
            return Resolve(document, document.GetProperty("components").GetProperty("schemas").GetProperty(target), target);
        }

        if (schema.TryGetProperty("oneOf", out var choices) || schema.TryGetProperty("anyOf", out choices))
        {
            var branch = choices.EnumerateArray().Single(c => !(c.TryGetProperty("type", out var ct) && ct.ValueKind == JsonValueKind.String && ct.GetString() == "null"));
            return Resolve(document, branch, name);
        }

        return (name, schema);
    }

    /// <summary>Optional properties a meaningful call needs: the record it is about, what a bulk action adds, an activity's subject.</summary>
    private static readonly HashSet<string> AlsoFilled = ["OrderInput.customer_id", "ActivityInput.customer_id", "ActivityInput.subject", "BulkInput.ids", "BulkInput.tags", "NewWebhook.url", "NewWebhook.events",
        "NewSegment.name", "NewSegment.kind", "SegmentMemberChanges.add", "SegmentPreviewRequest.rules",
        "NewBulkEmail.template_id", "NewBulkEmail.purpose", "NewBulkEmail.filter"];

    /// <summary>Values whose meaning a schema cannot carry: real records, valid codes, a legal next status, unique keys.</summary>
    private static async Task<JsonNode?> KnownAsync(string property, Records records) => property switch
    {
        "customer_id" or "ids" => JsonValue.Create(await records.CustomerAsync()),
        "EraseInput.confirm" => JsonValue.Create(records.Email),
        "TagRenameInput.from" => JsonValue.Create(records.Tag),
        "StatusChangeInput.status" => JsonValue.Create("shipped"), // orders are made "processing"; shipped is a legal next step
        "UserUpdate.status" => JsonValue.Create("active"),
        "WorkspaceSwitch.workspace_id" => JsonValue.Create(Guid.NewGuid()), // self-service: only the anonymous 401 is checked here
        "ActivityInput.type" => JsonValue.Create("note"),
        "BulkInput.action" => JsonValue.Create("add_tags"),
        "NewSegment.name" => JsonValue.Create($"Segment {Guid.NewGuid():N}"),
        "NewSegment.kind" => JsonValue.Create("static"),
        "SegmentMemberChanges.add" => JsonValue.Create(await records.CustomerAsync()),
        "SegmentPreviewRequest.rules" => JsonNode.Parse("""{"field": "status", "op": "eq", "value": "vip"}"""),
        "email" => JsonValue.Create($"new-{Guid.NewGuid():N}@example.com"),
        "country_code" => JsonValue.Create("SE"),
        "currency" => JsonValue.Create("EUR"),
        "order_number" or "sku" or "product_id" => JsonValue.Create($"M-{Guid.NewGuid():N}"[..20]),
        "role" => JsonValue.Create("readonly"),
        "NewShopifyIntegration.shop_domain" => JsonValue.Create($"m{Guid.NewGuid():N}"[..20] + ".myshopify.com"),
        "NewWooCommerceIntegration.site_url" => JsonValue.Create($"https://m-{Guid.NewGuid():N}.example.com"),
        "scopes" => JsonValue.Create("customers:read"),
        "NewWebhook.url" => JsonValue.Create(WebhookUrl),
        "NewWebhook.events" or "WebhookChanges.events" => JsonValue.Create("customer.created"),
        "NewWebhook.secret" => JsonValue.Create($"matrix-secret-{Guid.NewGuid():N}"),
        "WebhookChanges.url" => JsonValue.Create(WebhookUrl),
        "IngestCustomerBatch.items" => JsonNode.Parse($$"""{"external_id": "c-{{Guid.NewGuid():N}}", "updated_at": "2026-11-02T09:00:00Z", "email": "ingest-{{Guid.NewGuid():N}}@example.com", "first_name": "Ina", "country_code": "SE"}"""),
        "IngestOrderBatch.items" => JsonNode.Parse($$"""
            {"external_id": "o-{{Guid.NewGuid():N}}", "updated_at": "2026-11-02T09:00:00Z", "customer": {"external_id": "c-1", "email": "ingest-buyer@example.com", "country_code": "SE"},
              "order_number": "I-{{Guid.NewGuid():N}}", "currency": "EUR", "status": "processing", "ordered_at": "2026-11-02T09:00:00Z", "total_amount": 10,
              "items": [{"name": "Kettle", "quantity": 1, "unit_price": 10}]}
            """),
        "TemplateInput.name" => JsonValue.Create($"Template {Guid.NewGuid():N}"),
        "TemplateInput.kind" => JsonValue.Create("email"),
        "TemplateInput.default_language" or "TemplateVariantInput.language" => JsonValue.Create("en"),
        "NewEmail.template_id" => JsonValue.Create(await records.TemplateAsync()),
        "NewEmail.purpose" => JsonValue.Create("transactional"),
        "ImapSettingsInput.enabled" => JsonValue.Create(false), // switched on, the poller would go looking for the mailbox
        "ImapSettingsInput.host" => JsonValue.Create("imap.example.com"),
        "NewBulkEmail.template_id" => JsonValue.Create(await records.TemplateAsync()),
        "NewBulkEmail.purpose" => JsonValue.Create("service"),
        "NewBulkEmail.filter" => JsonValue.Create("country=SE"),
        "purpose" => JsonValue.Create("marketing_email"),
        "require_mfa" => JsonValue.Create(false),
        "amount" => JsonValue.Create(1m),
        _ => null,
    };

    private static JsonElement Operation(JsonElement document, Endpoint endpoint)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(endpoint.Pattern, "\\{(\\w+):[^}]+\\}", "{$1}");
        Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item), $"{path} is not in the OpenAPI document");
        Assert.True(item.TryGetProperty(endpoint.Method.ToLowerInvariant(), out var operation), $"{endpoint.Method} {path} is not in the OpenAPI document");
        return operation;
    }

    /// <summary>The one 2xx answer the operation documents.</summary>
    private static HttpStatusCode SuccessStatus(JsonElement operation, Endpoint endpoint)
    {
        var success = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Where(code => code.StartsWith('2')).ToList();
        Assert.True(success.Count == 1, $"{endpoint.Method} {endpoint.Pattern} documents {success.Count} success statuses");
        return (HttpStatusCode)int.Parse(success[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Expect(List<string> failures, Endpoint endpoint, string who, HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            failures.Add($"{endpoint.Method} {endpoint.Pattern} as {who}: {(int)response.StatusCode}, expected {(int)expected} {body[..Math.Min(body.Length, 300)]}");
        }
    }

    /// <summary>The caller's own account: sign-out and friends would end the test's own sessions.</summary>
    private static bool IsSelfService(Endpoint endpoint) => endpoint.Pattern.StartsWith("/api/v1/auth/", StringComparison.Ordinal);

    private List<Endpoint> Endpoints() =>
        api.Node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api/v1", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new Endpoint(
                method,
                e.RoutePattern.RawText!.TrimEnd('/'),
                e.Metadata.GetMetadata<RequiresPermission>()?.Permission,
                e.Metadata.GetMetadata<SignedIn>() is not null,
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes.FirstOrDefault() ?? "application/json")))
            .ToList();
}
