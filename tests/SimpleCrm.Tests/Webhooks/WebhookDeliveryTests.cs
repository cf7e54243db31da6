using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Webhooks;

/// <summary>
/// Outbound webhooks end to end: real changes through the API, the outbox, the background dispatcher, and a real
/// HTTP receiver on a loopback port.
/// </summary>
public sealed class WebhookDeliveryTests(WebhookFixture api) : IClassFixture<WebhookFixture>, IAsyncLifetime
{
    private readonly string workspace = $"hooks-{Guid.NewGuid():N}"[..20];
    private TestUser admin = null!;
    private CrmApiClient crm = null!;

    public async Task InitializeAsync()
    {
        admin = await api.Node.UserAsync(workspace, "admin");
        crm = new CrmApiClient(admin.Http);
    }

    public Task DisposeAsync()
    {
        admin.Http.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Creating_a_customer_delivers_a_signed_customer_created_event_that_verifies_as_documented()
    {
        await using var receiver = await WebhookReceiver.StartAsync(_ => 200);
        var (id, secret) = await SubscribeAsync(receiver, "customer.created", "customer.updated");
        var customer = await crm.CreateCustomerAsync("signed@example.com", first: "Sigrid");

        await WebhookReceiver.EventuallyAsync(() => Task.FromResult(receiver.Received.Count == 1), "the delivery");
        var got = receiver.Received.Single();
        Assert.Equal("customer.created", got.Event);

        // The documented check: HMAC-SHA256 keyed with the secret over "<timestamp>.<body>", lowercase hex after "sha256=".
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{got.Timestamp}.{got.Body}")));
        Assert.Equal(expected, got.Signature);
        Assert.InRange(long.Parse(got.Timestamp!, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        var payload = JsonDocument.Parse(got.Body).RootElement;
        Assert.Equal("customer.created", payload.GetProperty("event").GetString());
        Assert.True(payload.GetProperty("timestamp").TryGetDateTimeOffset(out _));
        Assert.Equal(customer.GetProperty("id").GetGuid(), payload.GetProperty("data").GetProperty("id").GetGuid());
        Assert.Equal("signed@example.com", payload.GetProperty("data").GetProperty("email").GetString());

        // The log names the same delivery, succeeded at the first attempt.
        var delivery = await SingleDeliveryAsync(id, d => d.GetProperty("status").GetString() == "succeeded");
        Assert.Equal(got.Delivery, delivery.GetProperty("id").GetString());
        Assert.Equal(200, delivery.GetProperty("attempts").EnumerateArray().Single().GetProperty("status_code").GetInt32());

        // Redelivery sends the same event again as a new delivery.
        var redeliver = await admin.Http.PostAsync($"/api/v1/webhooks/deliveries/{got.Delivery}/redeliver", null);
        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        await WebhookReceiver.EventuallyAsync(() => Task.FromResult(receiver.Received.Count == 2), "the redelivery");
        var again = receiver.Received[1];
        Assert.Equal(got.Body, again.Body);
        Assert.NotEqual(got.Delivery, again.Delivery);
        Assert.Equal(got.Delivery, (await redeliver.JsonAsync()).GetProperty("redelivery_of").GetString());
    }

    [Fact]
    public async Task A_receiver_that_fails_three_times_then_succeeds_gets_the_event_once_as_a_success_and_the_log_shows_four_attempts()
    {
        await using var receiver = await WebhookReceiver.StartAsync(n => n <= 3 ? 500 : 200);
        var (id, _) = await SubscribeAsync(receiver, "customer.created");
        await crm.CreateCustomerAsync("flaky@example.com");

        var delivery = await SingleDeliveryAsync(id, d => d.GetProperty("status").GetString() == "succeeded");
        var attempts = delivery.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4], attempts.Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.Equal([500, 500, 500, 200], attempts.Select(a => a.GetProperty("status_code").GetInt32()));
        Assert.All(attempts.Take(3), a => Assert.Equal(JsonValueKind.String, a.GetProperty("next_retry_at").ValueKind));
        Assert.Equal(JsonValueKind.Null, attempts[3].GetProperty("next_retry_at").ValueKind);
        Assert.All(attempts, a => Assert.True(a.GetProperty("duration_ms").GetInt32() >= 0));

        // Give the dispatcher many more rounds: nothing is sent again after the success.
        await Task.Delay(1000);
        var received = receiver.Received;
        Assert.Equal(4, received.Count);
        Assert.Single(received, r => r.AnsweredWith == 200);
        Assert.Single(received.Select(r => r.Delivery).Distinct());
        Assert.Equal(4, (await SingleDeliveryAsync(id, _ => true)).GetProperty("attempts").GetArrayLength());
    }

    [Fact]
    public async Task The_secret_is_shown_once_and_never_in_any_later_answer_or_the_database()
    {
        await using var receiver = await WebhookReceiver.StartAsync(_ => 200);
        var own = "my-own-secret-" + Guid.NewGuid().ToString("N");
        var created = await admin.Http.PostJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "customer.created" }, secret = own });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        Assert.Equal(own, body.GetProperty("secret").GetString());
        var id = body.GetProperty("id").GetGuid();
        var (_, generated) = await SubscribeAsync(receiver, "order.created");
        Assert.StartsWith("whsec_", generated);

        await crm.CreateCustomerAsync("secretive@example.com");
        await SingleDeliveryAsync(id, d => d.GetProperty("status").GetString() == "succeeded");
        var answers = new[]
        {
            await admin.Http.GetStringAsync("/api/v1/webhooks"),
            await admin.Http.GetStringAsync($"/api/v1/webhooks/{id}"),
            await admin.Http.GetStringAsync($"/api/v1/webhooks/{id}/deliveries"),
            await (await admin.Http.PatchAsync($"/api/v1/webhooks/{id}", JsonContent("{\"events\": [\"customer.created\", \"customer.updated\"]}"))).Content.ReadAsStringAsync(),
        };
        foreach (var answer in answers)
        {
            Assert.DoesNotContain(own, answer);
            Assert.DoesNotContain(generated, answer);
            Assert.DoesNotContain("\"secret\"", answer);
        }

        // Stored encrypted: neither secret appears in the table.
        var stored = await api.Database.ScalarAsync<string>(await api.Database.CreateWorkspaceAsync(workspace),
            "select string_agg(secret, ' ') from webhook_subscriptions");
        Assert.DoesNotContain(own, stored);
        Assert.DoesNotContain(generated, stored);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_does_not_hold_up_creating_customers()
    {
        await using var receiver = await WebhookReceiver.StartAsync(_ => 0);
        await SubscribeAsync(receiver, "customer.created");
        await crm.CreateCustomerAsync("first-of-many@example.com");
        await WebhookReceiver.EventuallyAsync(() => Task.FromResult(receiver.Holding == 1), "the receiver to hold the first delivery");

        // Each create answers while the sender is still waiting for the receiver (the attempt has not ended, not even
        // by the sender's timeout): the API never waits on a delivery.
        for (var i = 0; i < 5; i++)
        {
            await crm.CreateCustomerAsync($"while-blocked-{i}@example.com");
            Assert.True(receiver.Holding >= 1, "the delivery attempt had ended before the create answered");
            Assert.Empty(receiver.Received);
        }

        var list = await crm.GetAsync("/api/v1/customers?limit=10");
        Assert.Equal(6, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_subscription_that_keeps_failing_is_switched_off_with_a_reason_and_the_admins_are_told()
    {
        await using var receiver = await WebhookReceiver.StartAsync(_ => 503);
        var (id, _) = await SubscribeAsync(receiver, "customer.created");
        await crm.CreateCustomerAsync("never-received@example.com");

        JsonElement subscription = default;
        await WebhookReceiver.EventuallyAsync(async () =>
        {
            subscription = await crm.GetAsync($"/api/v1/webhooks/{id}");
            return !subscription.GetProperty("active").GetBoolean();
        }, "the subscription to be switched off");
        Assert.Contains("Switched off automatically", subscription.GetProperty("disabled_reason").GetString());
        Assert.True(receiver.Received.Count >= 2);
        Assert.All(receiver.Received, r => Assert.Equal(503, r.AnsweredWith));

        // The notification follows the switch-off.
        JsonElement told = default;
        await WebhookReceiver.EventuallyAsync(async () =>
        {
            var items = (await crm.GetAsync("/api/v1/notifications")).GetProperty("items").EnumerateArray();
            told = items.SingleOrDefault(n => n.GetProperty("kind").GetString() == "webhook.disabled");
            return told.ValueKind == JsonValueKind.Object;
        }, "the admin's notification");
        Assert.Equal(id, told.GetProperty("data").GetProperty("subscription_id").GetGuid());

        // Switched off, it sends nothing more; switched on again, the reason goes.
        var sent = receiver.Count;
        await Task.Delay(600);
        Assert.Equal(sent, receiver.Count);
        var resumed = await admin.Http.PatchAsync($"/api/v1/webhooks/{id}", JsonContent("{\"active\": true}"));
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await resumed.JsonAsync()).GetProperty("disabled_reason").ValueKind);
    }

    [Theory]
    [InlineData("{\"url\": \"ftp://example.com/hook\", \"events\": [\"customer.created\"]}", "url")]
    [InlineData("{\"url\": \"not a url\", \"events\": [\"customer.created\"]}", "url")]
    [InlineData("{\"url\": \"https://user:pw@example.com/hook\", \"events\": [\"customer.created\"]}", "url")]
    [InlineData("{\"events\": [\"customer.created\"]}", "url")]
    [InlineData("{\"url\": \"http://127.0.0.1:9/hook\", \"events\": []}", "events")]
    [InlineData("{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"customer.exploded\"]}", "events")]
    [InlineData("{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"customer.created\"], \"secret\": \"short\"}", "secret")]
    public async Task Bad_subscriptions_are_400_naming_the_field_and_nothing_is_saved(string json, string field)
    {
        var response = await admin.Http.PostAsync("/api/v1/webhooks", JsonContent(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, (await crm.GetAsync("/api/v1/webhooks")).GetProperty("items").GetArrayLength());
    }

    private async Task<(Guid Id, string Secret)> SubscribeAsync(WebhookReceiver receiver, params string[] events)
    {
        var response = await admin.Http.PostJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.JsonAsync();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("secret").GetString()!);
    }

    private async Task<JsonElement> SingleDeliveryAsync(Guid subscription, Func<JsonElement, bool> until)
    {
        JsonElement delivery = default;
        await WebhookReceiver.EventuallyAsync(async () =>
        {
            var items = (await crm.GetAsync($"/api/v1/webhooks/{subscription}/deliveries")).GetProperty("items");
            if (items.GetArrayLength() != 1)
            {
                return false;
            }

            delivery = items[0];
            return until(delivery);
        }, "the delivery log");
        return delivery;
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");
}
