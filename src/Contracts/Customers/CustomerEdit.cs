namespace SimpleCrm.Contracts.Customers;

/// <summary>
/// A partial change applied atomically inside the customer's grain, for tag, status and owner actions
/// (single or bulk): no read-modify-write race with other writers.
/// </summary>
[GenerateSerializer, Immutable, Alias("crm.CustomerEdit")]
public sealed record CustomerEdit
{
    [Id(0)] public IReadOnlyList<string> AddTags { get; init; } = [];
    [Id(1)] public IReadOnlyList<string> RemoveTags { get; init; } = [];
    [Id(2)] public CustomerStatus? Status { get; init; }
    [Id(3)] public Guid? OwnerId { get; init; }
    [Id(4)] public bool ClearOwner { get; init; }

    public CustomerProfile ApplyTo(CustomerProfile profile)
    {
        var removed = RemoveTags.Select(t => t.Trim().ToLowerInvariant()).ToHashSet();
        return profile with
        {
            Tags = profile.Tags.Where(t => !removed.Contains(t.ToLowerInvariant())).Concat(AddTags).ToArray(),
            Status = Status ?? profile.Status,
            OwnerId = ClearOwner ? null : OwnerId ?? profile.OwnerId,
        };
    }
}
