namespace SimpleCrm.Tests.Infrastructure;

/// <summary>
/// A test class that works in a workspace of its own on the shared API node, so its counts and lists see
/// only its own data. Subclasses seed it in <see cref="SeedAsync"/>.
/// </summary>
public abstract class WorkspaceTest : IClassFixture<ApiFixture>, IAsyncLifetime
{
    protected WorkspaceTest(ApiFixture api, string prefix)
    {
        Api = api;
        Workspace = $"{prefix}-{Guid.NewGuid():N}"[..20];
        Http = new HttpClient { BaseAddress = api.Node.Address };
        Http.DefaultRequestHeaders.Add("X-Workspace", Workspace);
        Crm = new CrmApiClient(Http);
    }

    protected ApiFixture Api { get; }

    protected string Workspace { get; }

    protected HttpClient Http { get; }

    protected CrmApiClient Crm { get; }

    public async Task InitializeAsync()
    {
        await Api.Database.CreateWorkspaceAsync(Workspace);
        await SeedAsync();
    }

    protected virtual Task SeedAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Http.Dispose();
        return Task.CompletedTask;
    }
}
