namespace SimpleCrm.Tests.Infrastructure;

/// <summary>
/// A test class that works in a workspace of its own on the shared API node, signed in as an admin of that
/// workspace, so its counts and lists see only its own data. Subclasses seed it in <see cref="SeedAsync"/>.
/// </summary>
public abstract class WorkspaceTest : IClassFixture<ApiFixture>, IAsyncLifetime
{
    protected WorkspaceTest(ApiFixture api, string prefix)
    {
        Api = api;
        Workspace = $"{prefix}-{Guid.NewGuid():N}"[..20];
    }

    protected ApiFixture Api { get; }

    protected string Workspace { get; }

    /// <summary>Signed in as an admin of <see cref="Workspace"/>.</summary>
    protected HttpClient Http { get; private set; } = null!;

    protected TestUser Admin { get; private set; } = null!;

    protected CrmApiClient Crm { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Admin = await Api.Node.UserAsync(Workspace, "admin");
        Http = Admin.Http;
        Crm = new CrmApiClient(Http);
        await SeedAsync();
    }

    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>Another member of this workspace, signed in.</summary>
    protected Task<TestUser> MemberAsync(string role) => Api.Node.UserAsync(Workspace, role);

    public Task DisposeAsync()
    {
        Http.Dispose();
        return Task.CompletedTask;
    }
}
