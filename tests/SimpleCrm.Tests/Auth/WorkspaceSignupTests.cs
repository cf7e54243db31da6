using System.Net;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Auth;

/// <summary>Sign-up, one person in several workspaces (switching, invitations of existing accounts) and workspace settings.</summary>
public sealed class WorkspaceSignupTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private HttpClient Anonymous => api.Node.Anonymous;

    [Fact]
    public async Task Sign_up_creates_a_workspace_with_its_admin_and_answers_tokens_and_bad_input_is_a_400_naming_the_field()
    {
        Assert.True((await (await Anonymous.GetAsync("/api/v1/auth/options")).JsonAsync()).GetProperty("signup_enabled").GetBoolean());

        var shop = await api.Node.SignUpAsync("Café Ærø");
        var me = await (await shop.Http.GetAsync("/api/v1/auth/me")).JsonAsync();
        Assert.Equal("admin", me.GetProperty("role").GetString());
        Assert.Equal("Café Ærø", me.GetProperty("workspace").GetProperty("name").GetString());
        Assert.StartsWith("cafe-r-", me.GetProperty("workspace").GetProperty("slug").GetString());
        Assert.Equal(HttpStatusCode.OK, (await (await api.Node.SignInAsync(shop.Email, shop.Password)).GetAsync("/api/v1/customers")).StatusCode);

        var bad = await Anonymous.PostJsonAsync("/api/v1/auth/signup", new
        {
            workspace_name = " ", first_name = "", last_name = "L", email = "not-an-email", password = "short", timezone = "Mars/Olympus", currency = "EURO",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.JsonAsync()).GetProperty("errors");
        Assert.Equal(["currency", "email", "first_name", "timezone", "workspace_name"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));

        var weak = await Anonymous.PostJsonAsync("/api/v1/auth/signup", new { workspace_name = "W", first_name = "F", last_name = "L", email = "weak@signup.test", password = "short" });
        Assert.True((await weak.JsonAsync()).GetProperty("errors").TryGetProperty("password", out _));

        // The same email again: 409 on email, and nothing half-written (no second workspace).
        var again = await Anonymous.PostJsonAsync("/api/v1/auth/signup", new { workspace_name = "Second", first_name = "F", last_name = "L", email = shop.Email.ToUpperInvariant(), password = ApiNode.UserPassword });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.True((await again.JsonAsync()).GetProperty("errors").TryGetProperty("email", out _));
        Assert.Equal(0, await CountAsync("select count(*) from workspaces where name = 'Second'"));
    }

    [Fact]
    public async Task One_person_in_two_workspaces_switches_between_them_and_cannot_switch_into_a_stranger_s()
    {
        var agency = await api.Node.SignUpAsync("Agency Home");
        var client = await api.Node.SignUpAsync("Client Shop");
        var stranger = await api.Node.SignUpAsync("Stranger Shop");
        await client.Http.PostJsonAsync("/api/v1/customers", new { first_name = "Cleo", last_name = "Client", email = "cleo@example.com", country_code = "FR" });

        // The client invites the agency's owner, who accepts with the password they already have.
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostJsonAsync("/api/v1/users", new { email = agency.Email, role = "manager", first_name = "Ann", last_name = "Agency" })).StatusCode);
        var accepted = await Anonymous.PostJsonAsync("/api/v1/auth/invitations/accept", new { token = await InvitationTokenAsync(client, agency.Email), password = agency.Password });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        var workspaces = await WorkspacesAsync(agency.Http);
        Assert.Equal([agency.Workspace.Value, client.Workspace.Value], workspaces.Select(w => w.Id).Order());
        Assert.Equal(agency.Workspace.Value, workspaces.Single(w => w.Current).Id);
        Assert.Equal("manager", workspaces.Single(w => w.Id == client.Workspace.Value).Role);

        // Switching answers tokens for the other workspace, with the role held there; the old session ends.
        var switched = await agency.Http.PostJsonAsync("/api/v1/auth/switch", new { workspace_id = client.Workspace.Value });
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        var inClient = api.Node.Bearer((await switched.JsonAsync()).GetProperty("access_token").GetString()!);
        var me = await (await inClient.GetAsync("/api/v1/auth/me")).JsonAsync();
        Assert.Equal(client.Workspace.Value, me.GetProperty("workspace").GetProperty("id").GetGuid());
        Assert.Equal(("manager", agency.UserId), (me.GetProperty("role").GetString(), me.GetProperty("id").GetGuid()));
        Assert.Equal(["cleo@example.com"], await EmailsAsync(inClient));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous.PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = agency.RefreshToken })).StatusCode);

        // A workspace they are not a member of, and one that does not exist: the same 404, nothing learnt.
        var foreign = await inClient.PostJsonAsync("/api/v1/auth/switch", new { workspace_id = stranger.Workspace.Value });
        var missing = await inClient.PostJsonAsync("/api/v1/auth/switch", new { workspace_id = Guid.NewGuid() });
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (foreign.StatusCode, missing.StatusCode));
        Assert.Equal((await foreign.JsonAsync()).GetProperty("detail").GetString(), (await missing.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await inClient.PostJsonAsync("/api/v1/auth/switch", new { })).StatusCode);

        // Signing in again lands in the workspace used last; switching back works too.
        var again = await api.Node.SignInAsync(agency.Email, agency.Password);
        Assert.Equal(client.Workspace.Value, (await (await again.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("workspace").GetProperty("id").GetGuid());
        var back = await again.PostJsonAsync("/api/v1/auth/switch", new { workspace_id = agency.Workspace.Value });
        Assert.Empty(await EmailsAsync(api.Node.Bearer((await back.JsonAsync()).GetProperty("access_token").GetString()!)));

        // Deactivated in the client's workspace: gone from the list, cannot switch there; still at home.
        await client.Http.DeleteAsync($"/api/v1/users/{agency.UserId}");
        var home = await api.Node.SignInAsync(agency.Email, agency.Password);
        Assert.Equal([agency.Workspace.Value], (await WorkspacesAsync(home)).Select(w => w.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await home.PostJsonAsync("/api/v1/auth/switch", new { workspace_id = client.Workspace.Value })).StatusCode);
    }

    [Fact]
    public async Task Inviting_an_email_that_has_an_account_elsewhere_answers_exactly_as_for_a_new_email_and_acceptance_adds_a_membership()
    {
        var elsewhere = await api.Node.SignUpAsync("Elsewhere Shop");
        var inviter = await api.Node.SignUpAsync("Inviting Shop");
        await elsewhere.Http.PutJsonAsync("/api/v1/auth/me", new { first_name = "Real", last_name = "Name" });
        var fresh = $"fresh-{Guid.NewGuid():N}@signup.test";

        // The account has a second factor: nothing of that may show through the invitation either.
        await ExecuteAsync("update users set mfa_enabled = true where id = @Id", new { Id = elsewhere.UserId });

        // Typed in another case than the account's: the answer echoes what was typed, as for a new email.
        var typed = elsewhere.Email.ToUpperInvariant();
        var forExisting = await inviter.Http.PostJsonAsync("/api/v1/users", new { email = typed, role = "agent", first_name = "Eve", last_name = "E" });
        var forFresh = await inviter.Http.PostJsonAsync("/api/v1/users", new { email = fresh, role = "agent", first_name = "Eve", last_name = "E" });
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (forExisting.StatusCode, forFresh.StatusCode));
        var (existingView, freshView) = (await forExisting.JsonAsync(), await forFresh.JsonAsync());
        Assert.Equal(Shape(freshView), Shape(existingView));
        Assert.Equal((typed, fresh), (existingView.GetProperty("email").GetString(), freshView.GetProperty("email").GetString()));

        // The team list shows both the same way too: what the invitation said, nothing from the other workspace.
        var team = (await (await inviter.Http.GetAsync("/api/v1/users")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Where(u => u.GetProperty("status").GetString() == "invited").ToList();
        Assert.Equal(2, team.Count);
        Assert.Equal(Shape(team[0]), Shape(team[1]));
        Assert.Contains(team, u => u.GetProperty("email").GetString() == typed);

        await ExecuteAsync("update users set mfa_enabled = false where id = @Id", new { Id = elsewhere.UserId });

        // A new account must choose a password; the existing one joins with its own (a wrong one is refused and counted).
        var token = await InvitationTokenAsync(inviter, elsewhere.Email);
        var wrong = await Anonymous.PostJsonAsync("/api/v1/auth/invitations/accept", new { token, password = "a-brand-new-password-42" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True((await wrong.JsonAsync()).GetProperty("errors").TryGetProperty("password", out _));
        var accepted = await Anonymous.PostJsonAsync("/api/v1/auth/invitations/accept", new { token, password = elsewhere.Password });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var joined = api.Node.Bearer((await accepted.JsonAsync()).GetProperty("access_token").GetString()!);
        Assert.Equal(inviter.Workspace.Value, (await (await joined.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("workspace").GetProperty("id").GetGuid());

        // Member of both, with the same account (same id, same password), and each workspace names them its own way.
        Assert.Equal([elsewhere.Workspace.Value, inviter.Workspace.Value], (await WorkspacesAsync(joined)).Select(w => w.Id).Order());
        var member = await (await inviter.Http.GetAsync($"/api/v1/users/{elsewhere.UserId}")).JsonAsync();
        Assert.Equal(("active", "Eve"), (member.GetProperty("status").GetString(), member.GetProperty("first_name").GetString()));
        Assert.Equal("Real", (await (await elsewhere.Http.GetAsync($"/api/v1/users/{elsewhere.UserId}")).JsonAsync()).GetProperty("first_name").GetString());
        await api.Node.SignInAsync(elsewhere.Email, elsewhere.Password);

        // Inviting someone who is already a member of this workspace is still a 409 (the team's own business).
        Assert.Equal(HttpStatusCode.Conflict, (await inviter.Http.PostJsonAsync("/api/v1/users", new { email = elsewhere.Email, role = "agent" })).StatusCode);
    }

    [Fact]
    public async Task Admins_change_the_workspace_name_time_zone_and_currency_with_400s_naming_the_field_and_others_may_not()
    {
        var shop = await api.Node.SignUpAsync("Settings Shop");
        var initial = await (await shop.Http.GetAsync("/api/v1/workspace")).JsonAsync();
        Assert.Equal(("UTC", "EUR"), (initial.GetProperty("timezone").GetString(), initial.GetProperty("currency").GetString()));

        var changed = await shop.Http.PatchAsync("/api/v1/workspace", Json(new { name = "Settled Shop", timezone = "Asia/Tokyo", currency = "JPY" }));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var after = await (await shop.Http.GetAsync("/api/v1/workspace")).JsonAsync();
        Assert.Equal(("Settled Shop", "Asia/Tokyo", "JPY"), (after.GetProperty("name").GetString(), after.GetProperty("timezone").GetString(), after.GetProperty("currency").GetString()));

        // Only the fields sent change.
        await shop.Http.PatchAsync("/api/v1/workspace", Json(new { currency = "USD" }));
        Assert.Equal("Asia/Tokyo", (await (await shop.Http.GetAsync("/api/v1/workspace")).JsonAsync()).GetProperty("timezone").GetString());

        foreach (var (body, field) in new (object, string)[]
        {
            (new { timezone = "Europe/Atlantis" }, "timezone"), (new { currency = "usd" }, "currency"), (new { currency = "XYZ" }, "currency"),
            (new { name = "" }, "name"), (new { name = new string('n', 101) }, "name"),
        })
        {
            var response = await shop.Http.PatchAsync("/api/v1/workspace", Json(body));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal([field], (await response.JsonAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        }

        Assert.Equal("USD", (await (await shop.Http.GetAsync("/api/v1/workspace")).JsonAsync()).GetProperty("currency").GetString());

        // A manager of the workspace reads the settings but may not change them.
        var manager = await api.Node.UserAsync(after.GetProperty("slug").GetString()!, "manager");
        Assert.Equal(HttpStatusCode.OK, (await manager.Http.GetAsync("/api/v1/workspace")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.Http.PatchAsync("/api/v1/workspace", Json(new { name = "Mine now" }))).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_person_creates_another_workspace_and_lands_in_it_as_admin()
    {
        var owner = await api.Node.SignUpAsync("First Shop");
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Http.PostJsonAsync("/api/v1/auth/workspaces", new { name = "", currency = "EURO" })).StatusCode);
        var created = await owner.Http.PostJsonAsync("/api/v1/auth/workspaces", new { name = "Second Shop", timezone = "Europe/Vienna", currency = "CHF" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var second = api.Node.Bearer((await created.JsonAsync()).GetProperty("access_token").GetString()!);
        var workspace = await (await second.GetAsync("/api/v1/workspace")).JsonAsync();
        Assert.Equal(("Second Shop", "Europe/Vienna", "CHF"), (workspace.GetProperty("name").GetString(), workspace.GetProperty("timezone").GetString(), workspace.GetProperty("currency").GetString()));
        Assert.Equal(2, (await WorkspacesAsync(second)).Count);
        Assert.Equal("admin", (await (await second.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("role").GetString());
    }

    private static StringContent Json(object body) =>
        new(JsonSerializer.Serialize(body, ApiNode.Json), System.Text.Encoding.UTF8, "application/json");

    /// <summary>Everything an answer says about a team member except its id and the email/timestamps that differ by nature.</summary>
    private static string Shape(JsonElement user) =>
        string.Join(";", user.EnumerateObject().Where(p => p.Name is not ("id" or "email" or "created_at")).Select(p => $"{p.Name}={p.Value.GetRawText()}"));

    private sealed record WorkspaceItem(Guid Id, string Role, bool Current);

    private static async Task<List<WorkspaceItem>> WorkspacesAsync(HttpClient http) =>
        (await (await http.GetAsync("/api/v1/auth/workspaces")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Select(w => new WorkspaceItem(w.GetProperty("id").GetGuid(), w.GetProperty("role").GetString()!, w.GetProperty("current").GetBoolean())).ToList();

    private static async Task<List<string>> EmailsAsync(HttpClient http) =>
        (await (await http.GetAsync("/api/v1/customers")).JsonAsync()).GetProperty("items").EnumerateArray().Select(c => c.GetProperty("email").GetString()!).ToList();

    private async Task ExecuteAsync(string sql, object parameters)
    {
        await using var connection = await api.Database.DataSource.OpenConnectionAsync();
        await Dapper.SqlMapper.ExecuteAsync(connection, sql, parameters);
    }

    private async Task<int> CountAsync(string sql)
    {
        await using var connection = await api.Database.DataSource.OpenConnectionAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, sql);
    }

    /// <summary>The invitation link mailed to this email by this workspace, from its outbox.</summary>
    private async Task<string> InvitationTokenAsync(SignedUp inviter, string email)
    {
        await using var session = await api.Database.Database.BeginAsync(inviter.Workspace);
        var body = await session.QuerySingleOrDefaultAsync<string>(
            "select payload ->> 'body' from outbox where topic = 'mail.account' and lower(payload ->> 'to') = lower(@email) order by id desc limit 1", new { email });
        const string marker = "/accept-invitation?token=";
        var start = body!.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return body[start..].Split('\n')[0].Trim();
    }
}
