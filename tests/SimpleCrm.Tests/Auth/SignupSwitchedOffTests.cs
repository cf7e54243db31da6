using System.Net;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Auth;

/// <summary>A single-shop install with Crm:Auth:SignupEnabled=false: no one can create a workspace.</summary>
public sealed class SignupSwitchedOffTests(SignupSwitchedOffTests.Fixture api) : IClassFixture<SignupSwitchedOffTests.Fixture>
{
    [Fact]
    public async Task The_options_say_so_and_sign_up_and_new_workspaces_are_refused_with_nothing_written()
    {
        Assert.False((await (await api.Node.Anonymous.GetAsync("/api/v1/auth/options")).JsonAsync()).GetProperty("signup_enabled").GetBoolean());

        var signup = await api.Node.Anonymous.PostJsonAsync("/api/v1/auth/signup",
            new { workspace_name = "Pirate Shop", first_name = "P", last_name = "S", email = "pirate@signup.test", password = ApiNode.UserPassword });
        Assert.Equal(HttpStatusCode.Forbidden, signup.StatusCode);
        Assert.Equal("application/problem+json", signup.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Node.Http.PostJsonAsync("/api/v1/auth/workspaces", new { name = "Second shop" })).StatusCode);

        await using var connection = await api.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, "select count(*) from workspaces"));
        Assert.Equal(0, await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, "select count(*) from users where email = 'pirate@signup.test'"));
    }

    public sealed class Fixture() : ApiFixture(new Dictionary<string, string?> { ["Crm:Auth:SignupEnabled"] = "false" });
}
