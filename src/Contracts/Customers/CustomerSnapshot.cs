using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Contracts.Customers;

/// <summary>A customer as its grain holds it: the record of one row in the customers table.</summary>
[GenerateSerializer, Immutable, Alias("crm.CustomerSnapshot")]
public sealed record CustomerSnapshot(
    [property: Id(0)] Guid Id,
    [property: Id(1)] WorkspaceId Workspace,
    [property: Id(2)] CustomerProfile Profile,
    [property: Id(3)] CustomerMetrics Metrics,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset UpdatedAt,
    [property: Id(6)] int Version);
