using System.Net;
using System.Text;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Idempotency;

/// <summary>Claims lapse after 1 s unless their node renews them.</summary>
public sealed class ShortClaimLeaseFixture() : ApiFixture(new Dictionary<string, string?> { ["Crm:Idempotency:InFlightSeconds"] = "1" });

/// <summary>
/// A request that runs longer than its claim's lease keeps its Idempotency-Key: its node renews the lease while it
/// runs, so a duplicate sent meanwhile is 409, never a second execution.
/// </summary>
public sealed class IdempotencyLeaseTests(ShortClaimLeaseFixture api) : IClassFixture<ShortClaimLeaseFixture>, IAsyncLifetime
{
    private TestUser admin = null!;

    public async Task InitializeAsync() => admin = await api.Node.UserAsync($"lease-{Guid.NewGuid():N}"[..20], "admin");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_request_running_past_the_lease_keeps_its_key_and_a_duplicate_meanwhile_is_409()
    {
        var body = JsonSerializer.Serialize(new { first_name = "Ida", last_name = "Slow", email = "slow@example.com", country_code = "DE" });
        var key = $"slow-{Guid.NewGuid():N}";
        Task<HttpResponseMessage> first;
        HttpResponseMessage duplicate;
        await using (var connection = new Npgsql.NpgsqlConnection(api.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var lockTable = new Npgsql.NpgsqlCommand("lock table customers in access exclusive mode", connection, transaction))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            // The first request waits for the lock (under the 5 s command timeout), well past its 1 s lease.
            first = PostAsync(body, key);
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            duplicate = await PostAsync(body, key);
            await transaction.RollbackAsync();
        }

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var answer = await first;
        Assert.True(answer.StatusCode == HttpStatusCode.Created, $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        var replay = await PostAsync(body, key);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", Assert.Single(replay.Headers.GetValues("Idempotent-Replayed")));

        await using var session = await api.Database.Database.BeginAsync(admin.Workspace);
        Assert.Equal(1, await session.QuerySingleOrDefaultAsync<int>("select count(*)::int from customers where email = 'slow@example.com'"));
    }

    private async Task<HttpResponseMessage> PostAsync(string json, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await admin.Http.SendAsync(request);
    }
}
