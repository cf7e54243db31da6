using System.Net.Http.Json;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Activities;

/// <summary>
/// One fresh database and one co-hosted API node whose attachment store is a temporary folder (deleted afterwards),
/// shared by the tests of a class.
/// </summary>
public sealed class ActivitiesFixture : IAsyncLifetime
{
    public TestDatabase Database { get; } = new();

    public ApiNode Node { get; private set; } = null!;

    public string AttachmentFolder { get; } = Path.Combine(Path.GetTempPath(), $"crm-attachments-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Node = await ApiNode.StartAsync(Database.ConnectionString, extra: new Dictionary<string, string?> { ["Crm:Attachments:Path"] = AttachmentFolder });
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        await Database.DisposeAsync();
        if (Directory.Exists(AttachmentFolder))
        {
            Directory.Delete(AttachmentFolder, recursive: true);
        }
    }

    /// <summary>Files in the attachment store (any workspace).</summary>
    public int StoredFiles() => Directory.Exists(AttachmentFolder) ? Directory.GetFiles(AttachmentFolder, "*", SearchOption.AllDirectories).Length : 0;
}

/// <summary>
/// Like <see cref="WorkspaceTest"/>, on an <see cref="ActivitiesFixture"/>: a workspace of its own, signed in as its admin.
/// </summary>
public abstract class ActivityTest : IClassFixture<ActivitiesFixture>, IAsyncLifetime
{
    protected ActivityTest(ActivitiesFixture api, string prefix)
    {
        Api = api;
        Workspace = $"{prefix}-{Guid.NewGuid():N}"[..20];
    }

    protected ActivitiesFixture Api { get; }

    protected string Workspace { get; }

    protected TestUser Admin { get; private set; } = null!;

    protected HttpClient Http => Admin.Http;

    protected CrmApiClient Crm { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Admin = await Api.Node.UserAsync(Workspace, "admin");
        Crm = new CrmApiClient(Http);
    }

    public Task DisposeAsync()
    {
        Http.Dispose();
        return Task.CompletedTask;
    }

    protected Task<TestUser> MemberAsync(string role) => Api.Node.UserAsync(Workspace, role);

    protected async Task<Guid> CustomerAsync(Guid? owner = null, HttpClient? http = null)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var response = await (http ?? Http).PostAsJsonAsync("/api/v1/customers",
            new { first_name = "Mia", last_name = "Kowalski", email = $"mia-{tag}@example.com", country_code = "PL", currency = "PLN", owner_id = owner }, ApiNode.Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>POSTs an activity and insists on 201.</summary>
    protected async Task<JsonElement> ActivityAsync(object body, HttpClient? http = null)
    {
        var response = await (http ?? Http).PostAsJsonAsync("/api/v1/activities", body, ApiNode.Json);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    /// <summary>Counts rows of a tenant table in this test's workspace.</summary>
    protected async Task<long> CountAsync(string table)
    {
        var workspace = await Api.Database.CreateWorkspaceAsync(Workspace);
        return await Api.Database.ScalarAsync<long>(workspace, $"select count(*) from {table}");
    }

    protected static IReadOnlyList<Guid> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
}
