using System.Net;
using System.Text;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Idempotency;

/// <summary>
/// Idempotency-Key on creates, through Kestrel and PostgreSQL: a retry gets the first answer, never a second
/// entity, also when the change committed but its answer was lost.
/// </summary>
public sealed class IdempotencyKeyTests(ApiFixture api) : WorkspaceTest(api, "idem")
{
    [Fact]
    public async Task The_same_key_twice_creates_one_customer_and_replays_the_first_answer_byte_for_byte()
    {
        var body = CustomerJson("twice@example.com");
        var key = NewKey();

        var first = await PostAsync("/api/v1/customers", body, key);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.Created, firstBody);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));

        var second = await PostAsync("/api/v1/customers", body, key);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(firstBody, await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(1, await CountAsync("select count(*)::int from customers where email = 'twice@example.com'"));
    }

    [Fact]
    public async Task A_key_reused_with_a_different_body_is_refused_with_422_naming_the_header()
    {
        var key = NewKey();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/api/v1/customers", CustomerJson("first@example.com"), key)).StatusCode);

        var reused = await PostAsync("/api/v1/customers", CustomerJson("other@example.com"), key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Contains("Idempotency-Key", (await reused.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(0, await CountAsync("select count(*)::int from customers where email = 'other@example.com'"));
    }

    [Fact]
    public async Task Concurrent_duplicates_make_one_customer_and_answer_201_or_409_with_retry_after()
    {
        var body = CustomerJson("race@example.com");
        var key = NewKey();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostAsync("/api/v1/customers", body, key)));

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.Conflict), a => Assert.NotNull(a.Headers.RetryAfter));
        var ids = new HashSet<Guid>();
        foreach (var created in answers.Where(a => a.StatusCode == HttpStatusCode.Created))
        {
            ids.Add((await created.JsonAsync()).GetProperty("id").GetGuid());
        }

        Assert.Single(ids);
        Assert.Equal(1, await CountAsync("select count(*)::int from customers where email = 'race@example.com'"));
    }

    [Fact]
    public async Task A_customer_create_that_committed_but_lost_its_answer_is_answered_201_with_the_customer_on_retry()
    {
        var body = CustomerJson("lost@example.com");
        var key = NewKey();
        var created = await LoseTheAnswerAsync("/api/v1/customers", body, key);

        var retry = await PostAsync("/api/v1/customers", body, key);
        Assert.True(retry.StatusCode == HttpStatusCode.Created, await retry.Content.ReadAsStringAsync());
        Assert.Equal($"/api/v1/customers/{created}", retry.Headers.Location?.OriginalString);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        var customer = await retry.JsonAsync();
        Assert.Equal(created, customer.GetProperty("id").GetGuid());
        Assert.Equal("lost@example.com", customer.GetProperty("email").GetString());
        Assert.Equal(1, await CountAsync("select count(*)::int from customers where email = 'lost@example.com'"));
    }

    [Fact]
    public async Task Order_creates_are_idempotent_also_when_the_answer_was_lost()
    {
        var customer = (await Crm.CreateCustomerAsync("buyer@example.com")).GetProperty("id").GetGuid();
        var body = JsonSerializer.Serialize(new
        {
            customer_id = customer,
            order_number = "IDEM-1",
            currency = "EUR",
            items = new[] { new { product_id = "sku-1", product_name = "Linen shirt", quantity = 1, unit_price = 30m } },
        });

        var key = NewKey();
        var first = await PostAsync("/api/v1/orders", body, key);
        Assert.True(first.StatusCode == HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        var replay = await PostAsync("/api/v1/orders", body, key);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());

        var lostBody = body.Replace("IDEM-1", "IDEM-2", StringComparison.Ordinal);
        var lostKey = NewKey();
        var created = await LoseTheAnswerAsync("/api/v1/orders", lostBody, lostKey);
        var retry = await PostAsync("/api/v1/orders", lostBody, lostKey);
        Assert.True(retry.StatusCode == HttpStatusCode.Created, await retry.Content.ReadAsStringAsync());
        Assert.Equal(created, (await retry.JsonAsync()).GetProperty("id").GetGuid());
        Assert.Equal($"/api/v1/orders/{created}", retry.Headers.Location?.OriginalString);
        Assert.Equal(2, await CountAsync($"select count(*)::int from orders where customer_id = '{customer}'"));
    }

    [Fact]
    public async Task Activity_creates_are_idempotent_also_when_the_answer_was_lost()
    {
        var customer = (await Crm.CreateCustomerAsync("caller@example.com")).GetProperty("id").GetGuid();
        var path = $"/api/v1/customers/{customer}/activities";
        var body = JsonSerializer.Serialize(new { type = "note", subject = "Asked about sizes" });

        var key = NewKey();
        var first = await PostAsync(path, body, key);
        Assert.True(first.StatusCode == HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await (await PostAsync(path, body, key)).Content.ReadAsStringAsync());

        var lostBody = JsonSerializer.Serialize(new { type = "call", subject = "Called back" });
        var lostKey = NewKey();
        var created = await LoseTheAnswerAsync(path, lostBody, lostKey);
        var retry = await PostAsync(path, lostBody, lostKey);
        Assert.True(retry.StatusCode == HttpStatusCode.Created, await retry.Content.ReadAsStringAsync());
        Assert.Equal(created, (await retry.JsonAsync()).GetProperty("id").GetGuid());
        Assert.Equal(2, await CountAsync($"select count(*)::int from activities where customer_id = '{customer}'"));
    }

    [Fact]
    public async Task Refused_input_does_not_use_up_the_key_so_a_corrected_retry_runs()
    {
        var key = NewKey();
        var refused = await PostAsync("/api/v1/customers", """{"first_name":"Ida","email":"not-an-email","country_code":"DE"}""", key);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var corrected = await PostAsync("/api/v1/customers", CustomerJson("ida@example.com"), key);
        Assert.True(corrected.StatusCode == HttpStatusCode.Created, await corrected.Content.ReadAsStringAsync());
        Assert.False(corrected.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task A_key_still_in_flight_is_409_with_retry_after_and_a_malformed_key_is_400()
    {
        var body = CustomerJson("busy@example.com");
        var key = NewKey();
        // A first request claimed the key and has not committed anything yet.
        var hash = Api.IdempotentRequestHash("POST", "/api/v1/customers", body);
        await ExecuteAsync($"insert into idempotency_keys (workspace_id, actor, key, request_hash, expires_at, claim_id, held_until) values ('{Admin.Workspace.Value}', 'user:{Admin.Id}', '{key}', '{hash}', now() + interval '1 day', gen_random_uuid(), now() + interval '1 minute')");

        var busy = await PostAsync("/api/v1/customers", body, key);
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        Assert.True(busy.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(0, await CountAsync("select count(*)::int from customers where email = 'busy@example.com'"));

        var malformed = await PostAsync("/api/v1/customers", body, "has space");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.True((await malformed.JsonAsync()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task A_retry_after_a_503_runs_at_once_instead_of_waiting_for_the_claim()
    {
        var body = CustomerJson("after-503@example.com");
        var key = NewKey();
        HttpResponseMessage failed;
        await using (var locked = await LockCustomersAsync())
        {
            // The create waits for the lock until the command timeout and is answered 503.
            failed = await PostAsync("/api/v1/customers", body, key);
        }

        Assert.True(failed.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)failed.StatusCode} {await failed.Content.ReadAsStringAsync()}");
        var retry = await PostAsync("/api/v1/customers", body, key);
        Assert.True(retry.StatusCode == HttpStatusCode.Created, $"{(int)retry.StatusCode} {await retry.Content.ReadAsStringAsync()}");
        Assert.False(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await CountAsync("select count(*)::int from customers where email = 'after-503@example.com'"));
    }

    [Fact]
    public async Task A_claim_left_by_a_dead_node_is_taken_over_once_its_lease_lapses()
    {
        var body = CustomerJson("orphan@example.com");
        var key = NewKey();
        // A node claimed the key, then died: nobody renews the claim, whose lease ends in 2 s.
        var hash = Api.IdempotentRequestHash("POST", "/api/v1/customers", body);
        await ExecuteAsync($"insert into idempotency_keys (workspace_id, actor, key, request_hash, expires_at, claim_id, held_until) values ('{Admin.Workspace.Value}', 'user:{Admin.Id}', '{key}', '{hash}', now() + interval '1 day', gen_random_uuid(), now() + interval '2 seconds')");

        var busy = await PostAsync("/api/v1/customers", body, key);
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        Assert.InRange(busy.Headers.RetryAfter?.Delta ?? TimeSpan.MaxValue, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var retry = await PostAsync("/api/v1/customers", body, key);
        Assert.True(retry.StatusCode == HttpStatusCode.Created, $"{(int)retry.StatusCode} {await retry.Content.ReadAsStringAsync()}");
        Assert.Equal(1, await CountAsync("select count(*)::int from customers where email = 'orphan@example.com'"));
    }

    [Fact]
    public async Task A_change_whose_request_no_longer_holds_the_key_rolls_back()
    {
        var key = NewKey();
        await ExecuteAsync($"insert into idempotency_keys (workspace_id, actor, key, request_hash, expires_at, claim_id, held_until) values ('{Admin.Workspace.Value}', 'user:{Admin.Id}', '{key}', 'retry', now() + interval '1 day', gen_random_uuid(), now() + interval '1 minute')");
        var outlived = new SimpleCrm.Contracts.Common.ChangeContext($"user:{Admin.Id}", "late", null, new SimpleCrm.Contracts.Common.IdempotencyKeyClaim(key, "first", Guid.NewGuid()));
        var entity = Guid.NewGuid();

        await using (var session = await Api.Database.Database.BeginAsync(Admin.Workspace))
        {
            await Assert.ThrowsAsync<SimpleCrm.Data.Changes.IdempotencyClaimLostException>(() => SimpleCrm.Data.Changes.ChangeJournal.AppendAsync(
                session, outlived, "customer", entity, "create", null, new { id = entity }, "customer.created", new { id = entity }));
        }

        Assert.Equal(0, await CountAsync($"select count(*)::int from idempotency_keys where key = '{key}' and entity_id is not null"));
        Assert.Equal(0, await CountAsync($"select count(*)::int from outbox where entity_id = '{entity}'"));
    }

    /// <summary>Holds an exclusive lock on the customers table until disposed, as a long migration or a stuck transaction would.</summary>
    private async Task<IAsyncDisposable> LockCustomersAsync()
    {
        var connection = new Npgsql.NpgsqlConnection(Api.Database.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var lockTable = new Npgsql.NpgsqlCommand("lock table customers in access exclusive mode", connection, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        return connection;
    }

    /// <summary>
    /// Leaves what a node that died right after the commit leaves: the change committed with the key marked by
    /// the change journal, and no stored answer. Returns the created entity's id.
    /// </summary>
    private async Task<Guid> LoseTheAnswerAsync(string path, string body, string key)
    {
        var first = await PostAsync(path, body, key);
        Assert.True(first.StatusCode == HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        await ExecuteAsync($"update idempotency_keys set response_status = null, response_headers = null, response_body = null where key = '{key}'");
        return (await first.JsonAsync()).GetProperty("id").GetGuid();
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string json, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await Http.SendAsync(request);
    }

    private static string CustomerJson(string email) =>
        JsonSerializer.Serialize(new { first_name = "Ida", last_name = "Retry", email, country_code = "DE" });

    private static string NewKey() => $"order-form-{Guid.NewGuid():N}";

    private async Task<int> CountAsync(string sql)
    {
        await using var session = await Api.Database.Database.BeginAsync(Admin.Workspace);
        var result = await session.QuerySingleOrDefaultAsync<int>(sql);
        await session.CommitAsync();
        return result;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var session = await Api.Database.Database.BeginAsync(Admin.Workspace);
        await session.ExecuteAsync(sql);
        await session.CommitAsync();
    }
}

internal static class IdempotencyTestHashes
{
    public static string IdempotentRequestHash(this ApiFixture _, string method, string path, string body) =>
        SimpleCrm.Api.Idempotency.IdempotentRequest.Hash(method, path, Encoding.UTF8.GetBytes(body));
}
