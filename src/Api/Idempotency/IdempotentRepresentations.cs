using SimpleCrm.Api.Access;
using SimpleCrm.Api.Activities;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Contracts.Orders;
using SimpleCrm.Data.Activities;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Domain.Orders;

namespace SimpleCrm.Api.Idempotency;

/// <summary>
/// How a create whose change committed but whose answer was lost is answered on retry: 201 with the entity's
/// current representation, as its GET (the Location the first answer named) gives it. One entry per created
/// entity type the change journal names; a create of any other type answers 409 naming what it made.
/// </summary>
public static class IdempotentRepresentations
{
    /// <summary>The entity's Location and body, or null when it is gone or not visible to the caller.</summary>
    public delegate Task<(string Location, object Body)?> Represent(HttpContext http, Caller caller, Guid id);

    private static readonly Dictionary<string, Represent> ByEntityType = new(StringComparer.Ordinal)
    {
        ["customer"] = async (http, caller, id) =>
            await caller.FindVisibleAsync(Grains(http), id) is { } customer
                ? ($"/api/v1/customers/{id}", Customer.From(customer))
                : null,
        ["order"] = async (http, caller, id) =>
            await Grains(http).GetOrder(caller.Workspace, id).GetAsync() is { } order && await caller.MayTouchAsync(Grains(http), order.CustomerId)
                ? ($"/api/v1/orders/{id}", Order.From(order))
                : null,
        ["activity"] = async (http, _, id) =>
            await ActivityEndpoints.FindVisibleAsync(http, Grains(http), http.RequestServices.GetRequiredService<ActivityStore>(), id) is { } activity
                ? ($"/api/v1/activities/{id}", activity)
                : null,
    };

    public static Represent? For(string? entityType) => entityType is not null && ByEntityType.TryGetValue(entityType, out var represent) ? represent : null;

    private static IGrainFactory Grains(HttpContext http) => http.RequestServices.GetRequiredService<IGrainFactory>();
}
