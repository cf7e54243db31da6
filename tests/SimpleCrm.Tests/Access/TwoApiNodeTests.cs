using System.Net;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Access;

/// <summary>
/// The production shape: two silos and two API nodes as their clients. One budget per caller, counted by a
/// grain, whichever node takes the request; secrets encrypted on one node read on the other.
/// </summary>
public sealed class TwoApiNodeTests() : TwoSilosTwoNodes(Settings)
{
    private const int Limit = 8;
    private static readonly Dictionary<string, string?> Settings = new() { ["Crm:RateLimit:PerHour"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    [Fact]
    public async Task Requests_through_two_api_nodes_share_one_budget_and_the_next_is_429_with_retry_after()
    {
        var viaA = NodeA.Http;
        var viaB = await NodeB.SignInAsync(ApiNode.AdminEmail, ApiNode.AdminPassword); // same user, other node

        var remaining = new List<int>();
        for (var i = 0; i < Limit; i++)
        {
            var response = await (i % 2 == 0 ? viaA : viaB).GetAsync("/api/v1/customers");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Limit.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(response, "RateLimit-Limit"));
            remaining.Add(int.Parse(Header(response, "RateLimit-Remaining"), System.Globalization.CultureInfo.InvariantCulture));
        }

        // One count for both nodes: it went down by one per request whichever node took it.
        Assert.Equal(Enumerable.Range(0, Limit).Reverse().ToList(), remaining);

        var refused = await viaB.GetAsync("/api/v1/customers");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.InRange(int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
        Assert.Equal("0", Header(refused, "RateLimit-Remaining"));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await viaA.GetAsync("/api/v1/orders")).StatusCode);

        // Another caller has a budget of their own.
        var other = await NodeA.UserAsync("rate-other", "readonly");
        Assert.Equal(HttpStatusCode.OK, (await other.Http.GetAsync("/api/v1/customers")).StatusCode);
    }

    [Fact]
    public async Task An_mfa_secret_encrypted_by_one_node_is_checked_by_the_other()
    {
        var user = await NodeA.UserAsync("two-nodes", "manager");
        var setup = await (await user.Http.PostAsync("/api/v1/auth/mfa/setup", null)).JsonAsync();
        var totp = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(setup.GetProperty("secret").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await user.Http.PostJsonAsync("/api/v1/auth/mfa/enable", new { code = totp.ComputeTotp() })).StatusCode);

        // The secret is stored encrypted; node B decrypts it with the Data Protection keys both read from PostgreSQL.
        await using (var connection = Database.DataSource.CreateConnection())
        {
            var stored = await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, "select mfa_secret from users where id = @Id", new { user.Id });
            Assert.DoesNotContain(setup.GetProperty("secret").GetString()!, stored!);
        }

        var challenge = await (await NodeB.Anonymous.PostJsonAsync("/api/v1/auth/login", new { email = user.Email, password = ApiNode.UserPassword })).JsonAsync();
        var signedIn = await NodeB.Anonymous.PostJsonAsync("/api/v1/auth/mfa", new { mfa_token = challenge.GetProperty("mfa_token").GetString(), code = totp.ComputeTotp() });
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();
}
