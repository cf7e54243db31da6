namespace SimpleCrm.Tests.Infrastructure;

/// <summary>One fresh database and one co-hosted API node (silo inside), shared by the tests of a class.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    public ApiNode Node { get; private set; } = null!;

    public HttpClient Http => Node.Http;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Node = await ApiNode.StartAsync(Database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        await Database.DisposeAsync();
    }
}
