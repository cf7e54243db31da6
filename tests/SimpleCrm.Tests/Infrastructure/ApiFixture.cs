namespace SimpleCrm.Tests.Infrastructure;

/// <summary>
/// The HTTP host kind: one fresh database and one co-hosted API node (silo inside), shared by the tests of a
/// class. Attachments go to a temporary folder of its own, deleted afterwards. A class that needs the node
/// configured otherwise derives a fixture that passes its settings.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string?> settings;

    public ApiFixture()
        : this(new Dictionary<string, string?>())
    {
    }

    protected ApiFixture(IReadOnlyDictionary<string, string?> settings)
    {
        this.settings = settings;
    }

    public TestDatabase Database { get; } = new();

    public ApiNode Node { get; private set; } = null!;

    public HttpClient Http => Node.Http;

    public string AttachmentFolder { get; } = Path.Combine(Path.GetTempPath(), $"crm-attachments-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var extra = new Dictionary<string, string?>(settings) { ["Crm:Attachments:Path"] = AttachmentFolder };
        Node = await ApiNode.StartAsync(Database.ConnectionString, extra: extra);
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
