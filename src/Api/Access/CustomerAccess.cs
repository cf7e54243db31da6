using SimpleCrm.Data.Customers;
using SimpleCrm.Data.Identity;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Api.Access;

/// <summary>
/// Which customers a caller reaches. Agents reach only customers assigned to them: lists, search, exports and
/// bulk selections are narrowed in SQL; a single customer they may not see answers 404 as if it did not exist.
/// </summary>
public static class CustomerAccess
{
    public static CustomerFilter VisibleTo(this CustomerFilter filter, Caller caller) => filter with { VisibleToOwner = caller.AssignedTo };

    /// <summary>The customer, or null when it does not exist or the caller may not see it.</summary>
    public static Task<CustomerSnapshot?> FindVisibleAsync(this HttpContext http, IGrainFactory grains, Guid customerId) =>
        http.Caller().FindVisibleAsync(grains, customerId);

    /// <inheritdoc cref="FindVisibleAsync(HttpContext, IGrainFactory, Guid)"/>
    public static async Task<CustomerSnapshot?> FindVisibleAsync(this Caller caller, IGrainFactory grains, Guid customerId)
    {
        var customer = await grains.GetCustomer(caller.Workspace, customerId).GetAsync();
        return customer is not null && caller.Sees(customer.Profile.OwnerId) ? customer : null;
    }

    /// <summary>Whether an agent may touch this customer; everyone else may touch any (the grain answers 404 for missing ones).</summary>
    public static Task<bool> MayTouchAsync(this HttpContext http, IGrainFactory grains, Guid customerId) =>
        http.Caller().MayTouchAsync(grains, customerId);

    /// <inheritdoc cref="MayTouchAsync(HttpContext, IGrainFactory, Guid)"/>
    public static async Task<bool> MayTouchAsync(this Caller caller, IGrainFactory grains, Guid customerId) =>
        caller.AssignedTo is null || await caller.FindVisibleAsync(grains, customerId) is not null;

    /// <summary>The owner a new or edited customer gets: agents always keep their customers; others choose.</summary>
    public static Guid? OwnerFor(this Caller caller, Guid? requested, Guid? current) =>
        caller.AssignedTo ?? requested ?? current;

    /// <returns>An error for owner_id when it names nobody in the workspace, else null.</returns>
    public static async Task<string?> CheckOwnerAsync(this Caller caller, UserDirectory users, Guid? owner, CancellationToken cancellationToken) =>
        owner is { } id && await users.FindAsync(caller.Workspace.Value, id, cancellationToken) is null
            ? $"No team member {id} in this workspace."
            : null;
}
