namespace SimpleCrm.Contracts.Common;

/// <summary>
/// The tenant every row, grain key, stream and SignalR group belongs to.
/// Grain keys carry it as the compound-key extension, so a grain can never be addressed outside its workspace.
/// </summary>
[GenerateSerializer, Immutable, Alias("crm.WorkspaceId")]
public readonly record struct WorkspaceId([property: Id(0)] Guid Value)
{
    public static WorkspaceId Parse(string text) => new(Guid.Parse(text));

    public override string ToString() => Value.ToString("D");
}
