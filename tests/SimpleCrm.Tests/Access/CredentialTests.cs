using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Access;

/// <summary>Credentials tell nothing about who has an account, and a request names exactly one caller.</summary>
public sealed class CredentialTests(ApiFixture api) : WorkspaceTest(api, "creds")
{
    [Fact]
    public async Task Known_and_unknown_emails_lock_the_same_way_after_five_failures()
    {
        var known = await MemberAsync("agent");
        var unknown = $"nobody-{Guid.NewGuid():N}@{Workspace}.test";

        foreach (var email in new[] { known.Email, unknown })
        {
            for (var i = 0; i < 5; i++)
            {
                var failed = await LoginAsync(email, "not-the-password-at-all");
                Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
            }
        }

        var lockedKnown = await LoginAsync(known.Email, ApiNode.UserPassword); // even the right password waits
        var lockedUnknown = await LoginAsync(unknown, "not-the-password-at-all");
        Assert.Equal((HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests), (lockedKnown.StatusCode, lockedUnknown.StatusCode));
        Assert.Equal(Seconds(lockedKnown), Seconds(lockedUnknown), tolerance: 2);
        Assert.InRange(Seconds(lockedUnknown), 1, 60);
        var (knownProblem, unknownProblem) = (await lockedKnown.JsonAsync(), await lockedUnknown.JsonAsync());
        Assert.Equal(knownProblem.GetProperty("title").GetString(), unknownProblem.GetProperty("title").GetString());
        Assert.Equal(HeaderNames(lockedKnown), HeaderNames(lockedUnknown));

        // A lock is per address, whatever its case, and ends with a password reset of the account.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync(known.Email.ToUpperInvariant(), ApiNode.UserPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Api.Node.Anonymous.PostAsJsonAsync("/api/v1/auth/password-reset", new { email = known.Email })).StatusCode);
        var token = await MailedResetTokenAsync(known);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.Node.Anonymous.PostAsJsonAsync("/api/v1/auth/password-reset/confirm", new { token, new_password = "a-fresh-start-passphrase" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(known.Email, "a-fresh-start-passphrase")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync(unknown, "not-the-password-at-all")).StatusCode);

        static double Seconds(HttpResponseMessage response) => response.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        static string[] HeaderNames(HttpResponseMessage response) =>
            response.Headers.Select(h => h.Key).Concat(response.Content.Headers.Select(h => h.Key)).Order(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    [Fact]
    public async Task A_request_with_both_an_api_key_and_a_bearer_token_is_400_and_uses_neither()
    {
        var created = await (await Http.PostJsonAsync("/api/v1/api-keys", new { name = "Both", scopes = new[] { "customers:read" } })).JsonAsync();
        var key = created.GetProperty("key").GetString()!;

        using var both = Api.Node.Client();
        both.DefaultRequestHeaders.Add("X-Api-Key", key);
        both.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Admin.AccessToken);
        var refused = await both.GetAsync("/api/v1/customers");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.StartsWith("application/problem+json", refused.Content.Headers.ContentType!.ToString());
        var errors = (await refused.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("X-Api-Key", out _));
        Assert.True(errors.TryGetProperty("Authorization", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await both.PostJsonAsync("/api/v1/customers", TestCustomers.Json("both@example.com"))).StatusCode);

        // Refused before the key was even looked at; each credential alone still works.
        var listed = (await Crm.GetAsync("/api/v1/api-keys")).GetProperty("items")[0];
        Assert.Equal(System.Text.Json.JsonValueKind.Null, listed.GetProperty("last_used_at").ValueKind);
        using var keyOnly = Api.Node.Client();
        keyOnly.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await keyOnly.GetAsync("/api/v1/customers")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/api/v1/customers")).StatusCode);
    }

    private Task<HttpResponseMessage> LoginAsync(string email, string password) =>
        Api.Node.Anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password }, ApiNode.Json);

    private async Task<string> MailedResetTokenAsync(TestUser user)
    {
        await using var session = await Api.Database.Database.BeginAsync(user.Workspace);
        var body = await session.QuerySingleOrDefaultAsync<string>(
            "select payload ->> 'body' from outbox where topic = 'mail.account' and entity_id = @Id order by id desc limit 1", new { user.Id });
        const string marker = "/reset-password?token=";
        return body![(body!.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Split('\n')[0].Trim();
    }
}
