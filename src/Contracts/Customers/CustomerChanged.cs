using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Contracts.Customers;

public enum CustomerChangeKind
{
    Created,
    Updated,
    Deleted,
}

/// <summary>The live event a customer's grain publishes after a change is committed.</summary>
[GenerateSerializer, Immutable, Alias("crm.CustomerChanged")]
public sealed record CustomerChanged(
    [property: Id(0)] WorkspaceId Workspace,
    [property: Id(1)] Guid CustomerId,
    [property: Id(2)] CustomerChangeKind Kind,
    [property: Id(3)] int Version,
    [property: Id(4)] DateTimeOffset OccurredAt,
    [property: Id(5)] Guid? OwnerId = null);
