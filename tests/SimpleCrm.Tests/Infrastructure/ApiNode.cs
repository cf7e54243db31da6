using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SimpleCrm.Api.Hosting;

namespace SimpleCrm.Tests.Infrastructure;

/// <summary>
/// The real API process, in-process: the production host built by <see cref="CrmApi"/>, listening with
/// Kestrel on a loopback port, either co-hosting a silo or as a client of an existing cluster.
/// </summary>
public sealed class ApiNode : IAsyncDisposable
{
    private readonly WebApplication app;

    public const string AdminEmail = "admin@tests.simplecrm.local";
    public const string AdminPassword = "correct-horse-battery-staple";
    public const string UserPassword = "a-long-enough-test-password";

    private ApiNode(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
        Anonymous = Client();
    }

    public Uri Address { get; }

    /// <summary>Signed in as the first admin, in the default workspace.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>No credentials at all.</summary>
    public HttpClient Anonymous { get; }

    public IServiceProvider Services => app.Services;

    public static readonly JsonSerializerOptions Json = CreateJson();

    public static async Task<ApiNode> StartAsync(string connectionString, bool cohosted = true, string clusterId = "simplecrm", IDictionary<string, string?>? extra = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["CRM_DB"] = connectionString,
            ["CRM_MODE"] = cohosted ? "cohosted" : "client",
            ["urls"] = "http://127.0.0.1:0",
            ["Crm:Cluster:ClusterId"] = clusterId,
            ["Crm:Cluster:SiloPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Crm:Cluster:GatewayPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            ["CRM_ADMIN_EMAIL"] = AdminEmail,
            ["CRM_ADMIN_PASSWORD"] = AdminPassword,
            // Cheap hashes and no rate limit, unless a test asks for them.
            ["Crm:Auth:BcryptWorkFactor"] = "4",
            ["Crm:RateLimit:PerHour"] = "1000000",
            // A Shopify app is configured, so its install endpoint answers; nothing calls Shopify unless a test points it at a fake.
            ["Crm:Shopify:ApiKey"] = "app-key",
            ["Crm:Shopify:ApiSecret"] = "app-secret",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = await CrmApi.BuildAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var node = new ApiNode(app, new Uri(address));
        node.Http = await node.SignInAsync(AdminEmail, AdminPassword);
        return node;
    }

    /// <summary>Signs in through the real endpoint; the client sends the access token on every request.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password)
    {
        var response = await Anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password }, Json);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Sign-in of {email} failed: {(int)response.StatusCode} {body}");
        }

        var token = JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString();
        var http = Client();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>A team member of the given role in the workspace (created if needed), signed in.</summary>
    public async Task<TestUser> UserAsync(string workspaceSlug, string role, string? email = null)
    {
        var workspace = await Services.GetRequiredService<SimpleCrm.Data.Workspaces.WorkspaceDirectory>().EnsureAsync(workspaceSlug, $"Shop {workspaceSlug}");
        email ??= $"{role}-{Guid.NewGuid():N}@{workspaceSlug}.test";
        var users = Services.GetRequiredService<SimpleCrm.Data.Identity.UserDirectory>();
        var user = await users.FindByEmailAsync(email)
            ?? await users.CreateAsync(new SimpleCrm.Data.Identity.NewUser(workspace.Id, email,
                Services.GetRequiredService<SimpleCrm.Api.Access.Passwords>().Hash(UserPassword), "Test", role, role, "active"))
            ?? throw new InvalidOperationException($"Could not create {email}");
        return new TestUser(user.Id, email, workspace.WorkspaceId, await SignInAsync(email, UserPassword));
    }

    /// <summary>Signs up a new workspace through the public endpoint; the client acts as its first admin.</summary>
    public async Task<SignedUp> SignUpAsync(string workspaceName, string? email = null, string password = UserPassword)
    {
        email ??= $"owner-{Guid.NewGuid():N}@signup.test";
        var response = await Anonymous.PostJsonAsync("/api/v1/auth/signup",
            new { workspace_name = workspaceName, first_name = "Owner", last_name = workspaceName, email, password });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Sign-up of {workspaceName} failed: {(int)response.StatusCode} {body}");
        }

        var tokens = JsonDocument.Parse(body).RootElement;
        var http = Bearer(tokens.GetProperty("access_token").GetString()!);
        var me = await (await http.GetAsync("/api/v1/auth/me")).JsonAsync();
        return new SignedUp(new SimpleCrm.Contracts.Common.WorkspaceId(me.GetProperty("workspace").GetProperty("id").GetGuid()), me.GetProperty("id").GetGuid(),
            email, password, http, tokens.GetProperty("refresh_token").GetString()!);
    }

    /// <summary>A client that sends this access token.</summary>
    public HttpClient Bearer(string accessToken)
    {
        var http = Client();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return http;
    }

    /// <summary>A client of this node without credentials whose every answer is checked against the OpenAPI document.</summary>
    public HttpClient Client() => new(new Contract.ContractCheckingHandler(Address)) { BaseAddress = Address };

    public async Task StopAsync() => await app.StopAsync();

    /// <summary>
    /// Ends the node as a crash would: Kestrel drops every connection at once (no draining, no close message to hub
    /// clients) and the node leaves the cluster without saying goodbye.
    /// </summary>
    public async Task KillAsync()
    {
        // Kestrel disposed outright stops with an already-cancelled token: sockets are reset, no application shutdown
        // hook (SignalR's graceful close) runs first.
        app.Services.GetRequiredService<IServer>().Dispose();
        await DisposeAsync();
    }

    private bool disposed;

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        Http?.Dispose();
        Anonymous.Dispose();
        await app.DisposeAsync();
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        SimpleCrm.Domain.Customers.CrmJson.Configure(options);
        return options;
    }
}

/// <summary>A workspace created through sign-up, and its first admin signed in.</summary>
public sealed record SignedUp(SimpleCrm.Contracts.Common.WorkspaceId Workspace, Guid UserId, string Email, string Password, HttpClient Http, string RefreshToken);

/// <summary>A signed-in team member for tests.</summary>
public sealed record TestUser(Guid Id, string Email, SimpleCrm.Contracts.Common.WorkspaceId Workspace, HttpClient Http)
{
    public string AccessToken => Http.DefaultRequestHeaders.Authorization!.Parameter!;
}

public static class HttpJson
{
    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient http, string url, object body) =>
        http.PutAsJsonAsync(url, body, ApiNode.Json);

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string url, object body) =>
        http.PostAsJsonAsync(url, body, ApiNode.Json);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
