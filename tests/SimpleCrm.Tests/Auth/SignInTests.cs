using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OtpNet;
using SimpleCrm.Api.Access;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Auth;

/// <summary>Sign-in, sessions and second factors through the real endpoints.</summary>
public sealed class SignInTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private HttpClient Anonymous => api.Node.Anonymous;

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_401_and_five_failures_lock_the_account_with_back_off()
    {
        var user = await api.Node.UserAsync("signin-a", "agent");
        var unknown = await LoginAsync("nobody@signin-a.test", "whatever-password-1");
        var wrong = await LoginAsync(user.Email, "not-the-password-at-all");
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (unknown.StatusCode, wrong.StatusCode));
        Assert.Equal((await unknown.JsonAsync()).GetProperty("detail").GetString(), (await wrong.JsonAsync()).GetProperty("detail").GetString());

        for (var i = 0; i < 4; i++)
        {
            await LoginAsync(user.Email, "not-the-password-at-all");
        }

        // Locked: even the right password waits, and the answer says for how long.
        var locked = await LoginAsync(user.Email, ApiNode.UserPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        var retryAfter = int.Parse(locked.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);

        // Each further failure doubles the lock.
        await Database(api).ExecuteAsync("update sign_in_failures set locked_until = null where email_hash = sha256(convert_to(lower(@Email), 'UTF8'))", new { user.Email });
        await LoginAsync(user.Email, "not-the-password-at-all");
        var longer = await LoginAsync(user.Email, ApiNode.UserPassword);
        Assert.InRange(int.Parse(longer.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture), 61, 120);
    }

    [Fact]
    public async Task A_successful_sign_in_forgets_the_failures_before_it()
    {
        var user = await api.Node.UserAsync("signin-d", "agent");
        for (var i = 0; i < 4; i++)
        {
            await LoginAsync(user.Email, "not-the-password-at-all");
        }

        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(user.Email, ApiNode.UserPassword)).StatusCode);

        // Four more failures would be the fifth and lock the address, had the first four been kept.
        for (var i = 0; i < 4; i++)
        {
            await LoginAsync(user.Email, "not-the-password-at-all");
        }

        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(user.Email, ApiNode.UserPassword)).StatusCode);
    }

    [Fact]
    public async Task A_refresh_token_works_once_and_presenting_it_again_ends_the_whole_session()
    {
        var user = await api.Node.UserAsync("signin-b", "manager");
        var first = await (await LoginAsync(user.Email, ApiNode.UserPassword)).JsonAsync();
        var refresh1 = first.GetProperty("refresh_token").GetString();

        var second = await PostAsync("/api/v1/auth/refresh", new { refresh_token = refresh1 });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var refresh2 = (await second.JsonAsync()).GetProperty("refresh_token").GetString();
        Assert.NotEqual(refresh1, refresh2);

        // The spent token again: refused, and the newer token of the same session dies with it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("/api/v1/auth/refresh", new { refresh_token = refresh1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("/api/v1/auth/refresh", new { refresh_token = refresh2 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("/api/v1/auth/refresh", new { refresh_token = "made-up" })).StatusCode);
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_every_session_and_its_access_tokens()
    {
        var user = await api.Node.UserAsync("signin-c", "readonly");
        var other = await api.Node.SignInAsync(user.Email, ApiNode.UserPassword);
        var sessions = await (await user.Http.GetAsync("/api/v1/auth/sessions")).JsonAsync();
        Assert.Equal(2, sessions.GetArrayLength());
        Assert.Single(sessions.EnumerateArray(), s => s.GetProperty("current").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.PostAsync("/api/v1/auth/logout-all", null)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(6)); // access tokens re-check their session at most every 5 s
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Http.GetAsync("/api/v1/customers")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/api/v1/customers")).StatusCode);
    }

    [Fact]
    public async Task Totp_setup_then_sign_in_needs_a_code_and_a_recovery_code_works_once()
    {
        var user = await api.Node.UserAsync("signin-d", "manager");
        var setup = await (await user.Http.PostAsync("/api/v1/auth/mfa/setup", null)).JsonAsync();
        var totp = new Totp(Base32Encoding.ToBytes(setup.GetProperty("secret").GetString()));
        Assert.StartsWith("otpauth://totp/SimpleCrm:", setup.GetProperty("otpauth_uri").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await user.Http.PostJsonAsync("/api/v1/auth/mfa/enable", new { code = "000000" == totp.ComputeTotp() ? "111111" : "000000" })).StatusCode);
        var enabled = await user.Http.PostJsonAsync("/api/v1/auth/mfa/enable", new { code = totp.ComputeTotp() });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var recovery = (await enabled.JsonAsync()).GetProperty("recovery_codes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(10, recovery.Distinct().Count());

        var challenge = await (await LoginAsync(user.Email, ApiNode.UserPassword)).JsonAsync();
        Assert.True(challenge.GetProperty("mfa_required").GetBoolean());
        Assert.False(challenge.TryGetProperty("access_token", out _));
        var mfaToken = challenge.GetProperty("mfa_token").GetString();

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("/api/v1/auth/mfa", new { mfa_token = mfaToken, code = "12345x" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/api/v1/auth/mfa", new { mfa_token = mfaToken, code = totp.ComputeTotp() })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/api/v1/auth/mfa", new { mfa_token = mfaToken, code = recovery[0] })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("/api/v1/auth/mfa", new { mfa_token = mfaToken, code = recovery[0] })).StatusCode);
        // An access token is not an MFA challenge.
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("/api/v1/auth/mfa", new { mfa_token = user.AccessToken, code = totp.ComputeTotp() })).StatusCode);
    }

    [Fact]
    public async Task A_workspace_that_requires_mfa_lets_members_without_it_do_nothing_but_set_it_up()
    {
        var admin = await api.Node.UserAsync("signin-e", "admin");
        var member = await api.Node.UserAsync("signin-e", "manager");
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PutJsonAsync("/api/v1/workspace", new { require_mfa = true })).StatusCode);

        var limited = await api.Node.SignInAsync(member.Email, ApiNode.UserPassword);
        Assert.Equal(HttpStatusCode.Forbidden, (await limited.GetAsync("/api/v1/customers")).StatusCode);
        var me = await (await limited.GetAsync("/api/v1/auth/me")).JsonAsync();
        Assert.True(me.GetProperty("mfa_setup_required").GetBoolean());
        Assert.Equal(0, me.GetProperty("permissions").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await limited.PostAsync("/api/v1/auth/mfa/setup", null)).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_token_is_single_use_expires_and_checks_the_new_password()
    {
        var user = await api.Node.UserAsync("signin-f", "agent");
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync("/api/v1/auth/password-reset", new { email = user.Email })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync("/api/v1/auth/password-reset", new { email = "nobody@nowhere.test" })).StatusCode);
        var token = await MailedTokenAsync(user, "reset-password");

        var weak = await PostAsync("/api/v1/auth/password-reset/confirm", new { token, new_password = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.True((await weak.JsonAsync()).GetProperty("errors").TryGetProperty("new_password", out _));

        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync("/api/v1/auth/password-reset/confirm", new { token, new_password = "a-brand-new-passphrase" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("/api/v1/auth/password-reset/confirm", new { token, new_password = "another-new-passphrase" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(user.Email, ApiNode.UserPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(user.Email, "a-brand-new-passphrase")).StatusCode);

        // An expired token is refused like a used one.
        await PostAsync("/api/v1/auth/password-reset", new { email = user.Email });
        var late = await MailedTokenAsync(user, "reset-password");
        await Database(api).ExecuteAsync("update one_time_tokens set expires_at = now() - interval '1 second' where user_id = @Id and used_at is null", new { user.Id });
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("/api/v1/auth/password-reset/confirm", new { token = late, new_password = "yet-another-passphrase" })).StatusCode);
    }

    [Fact]
    public async Task An_invited_member_accepts_with_a_name_and_password_and_is_signed_in()
    {
        var admin = await api.Node.UserAsync("signin-g", "admin");
        var invited = await admin.Http.PostJsonAsync("/api/v1/users", new { email = "newbie@signin-g.test", role = "agent" });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var user = await invited.JsonAsync();
        Assert.Equal("invited", user.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.Http.PostJsonAsync("/api/v1/users", new { email = "NEWBIE@signin-g.test", role = "agent" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("newbie@signin-g.test", "orange-lantern-river-9")).StatusCode);

        var token = await MailedTokenAsync(new TestUser(user.GetProperty("id").GetGuid(), "newbie@signin-g.test", admin.Workspace, admin.Http), "accept-invitation");
        var accepted = await PostAsync("/api/v1/auth/invitations/accept", new { token, password = "orange-lantern-river-9", first_name = "Nia", last_name = "Novak" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("/api/v1/auth/invitations/accept", new { token, password = "orange-lantern-river-9", first_name = "Nia", last_name = "Novak" })).StatusCode);
        var team = await (await admin.Http.GetAsync("/api/v1/users")).JsonAsync();
        Assert.Contains(team.GetProperty("items").EnumerateArray(), u => u.GetProperty("email").GetString() == "newbie@signin-g.test" && u.GetProperty("status").GetString() == "active" && u.GetProperty("first_name").GetString() == "Nia");
    }

    [Theory]
    [InlineData("tampered")]
    [InlineData("none")]
    [InlineData("expired")]
    [InlineData("other-key")]
    [InlineData("garbage")]
    public async Task Forged_tampered_and_expired_tokens_are_401_never_500(string kind)
    {
        var user = await api.Node.UserAsync("signin-h", "admin");
        var claims = JsonDocument.Parse(Base64UrlEncoder.Decode(user.AccessToken.Split('.')[1])).RootElement;
        var payload = claims.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value.ToString());
        var key = api.Node.Services.GetRequiredService<AccessTokens>().SigningKey;
        string Sign(SecurityKey k, DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AccessTokens.Issuer, Audience = AccessTokens.Audience, Claims = payload.Where(p => p.Key is not ("exp" or "nbf" or "iat" or "iss" or "aud")).ToDictionary(),
            NotBefore = expires.AddMinutes(-20), IssuedAt = expires.AddMinutes(-20), Expires = expires, SigningCredentials = new SigningCredentials(k, SecurityAlgorithms.HmacSha256),
        });
        var parts = user.AccessToken.Split('.');
        var token = kind switch
        {
            "tampered" => $"{parts[0]}.{Base64UrlEncoder.Encode(claims.GetRawText().Replace("\"admin\"", "\"owner\"").Replace(user.Workspace.Value.ToString(), Guid.NewGuid().ToString()))}.{parts[2]}",
            "none" => $"{Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{parts[1]}.",
            "expired" => Sign(key, DateTime.UtcNow.AddMinutes(-5)),
            "other-key" => Sign(new SymmetricSecurityKey(new byte[64]), DateTime.UtcNow.AddMinutes(5)),
            _ => "definitely.not.a-jwt",
        };
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/customers");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var response = await Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private Task<HttpResponseMessage> LoginAsync(string email, string password) => PostAsync("/api/v1/auth/login", new { email, password });

    private Task<HttpResponseMessage> PostAsync(string url, object body) => Anonymous.PostJsonAsync(url, body);

    /// <summary>The identity tables are outside row-level security: a plain connection reaches them.</summary>
    private static Npgsql.NpgsqlConnection Database(ApiFixture api) => api.Database.DataSource.CreateConnection();

    /// <summary>The newest account mail to the user, from the outbox (the local mail "sender").</summary>
    private async Task<string> MailedTokenAsync(TestUser user, string page)
    {
        await using var session = await api.Database.Database.BeginAsync(user.Workspace);
        var body = await session.QuerySingleOrDefaultAsync<string>(
            "select payload ->> 'body' from outbox where topic = 'mail.account' and entity_id = @Id order by id desc limit 1", new { user.Id });
        var marker = $"/{page}?token=";
        var start = body!.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return body[start..].Split('\n')[0].Trim();
    }
}
