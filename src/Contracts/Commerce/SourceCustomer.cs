using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Contracts.Commerce;

/// <summary>A shop's customer as the shop states it at <see cref="SourceUpdatedAt"/>.</summary>
[GenerateSerializer, Immutable, Alias("crm.SourceCustomer")]
public sealed record SourceCustomer
{
    [Id(0)] public required Guid ShopId { get; init; }
    [Id(1)] public required string SourceKey { get; init; }
    [Id(2)] public required string ExternalId { get; init; }
    [Id(3)] public DateTimeOffset? SourceUpdatedAt { get; init; }
    [Id(4)] public required string Email { get; init; }
    [Id(5)] public string? FirstName { get; init; }
    [Id(6)] public string? LastName { get; init; }
    [Id(7)] public string? Phone { get; init; }
    [Id(8)] public string? CompanyName { get; init; }
    [Id(9)] public string? CountryCode { get; init; }
    [Id(10)] public string? Region { get; init; }
    [Id(11)] public string? City { get; init; }
    [Id(12)] public string? PostalCode { get; init; }
    [Id(13)] public string? Currency { get; init; }
    [Id(14)] public string? Language { get; init; }
}

/// <summary>
/// One shop customer (key: "&lt;workspace&gt;/&lt;shop&gt;/&lt;external id&gt;"): serializes that customer's events across the
/// cluster, finds or creates the CRM customer (by external id, then by email: one person in two shops is one customer
/// with both ids) and writes it through the customer's own grain.
/// </summary>
[Alias("crm.ICommerceCustomerGrain")]
public interface ICommerceCustomerGrain : IGrainWithStringKey
{
    /// <summary>The shop's newer state of its customer; older states are ignored (Ok with the id, nothing written).</summary>
    [Alias("apply")]
    Task<CommandResult<Guid>> ApplyAsync(SourceCustomer customer, ChangeContext context);

    /// <summary>The customer an order names: created when unknown, otherwise left as it is (an order's copy may be older).</summary>
    [Alias("ensure")]
    Task<CommandResult<Guid>> EnsureAsync(SourceCustomer customer, ChangeContext context);

    /// <summary>The shop deleted its customer: the CRM customer loses this shop's id (and is deleted when it has nothing else).</summary>
    [Alias("remove")]
    Task<CommandResult<Guid>> RemoveAsync(string sourceKey, ChangeContext context);
}

public static class CommerceCustomerKeys
{
    public static ICommerceCustomerGrain GetCommerceCustomer(this IGrainFactory grains, WorkspaceId workspace, Guid shopId, string externalId) =>
        grains.GetGrain<ICommerceCustomerGrain>($"{workspace}/{shopId}/{externalId}");
}
