using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Data.Audit;
using SimpleCrm.Data.Identity;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Api.Customers;

/// <summary>/api/v1/customers: one customer's reads and writes go to its grain; lists go to SQL.</summary>
public static class CustomerEndpoints
{
    public static RouteGroupBuilder MapCustomers(this RouteGroupBuilder api)
    {
        var customers = api.MapResource("/customers", "Customers",
            StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        customers.MapGet("", CustomerListEndpoint.List).RequirePermission(Permission.CustomersRead).WithName("ListCustomers").WithQueryDocs<CustomerListQueryDocs>()
            .Produces<SparsePage>(StatusCodes.Status200OK)
            .WithSummary("List customers: filters (country, status, tag, ltv_gte, ltv_lte, orders_gte, created_after, created_before, owner, id, custom.<field>), sort, fields, q, cursor or offset.");
        customers.MapCustomerExport();
        customers.MapCustomerImport();
        customers.MapCustomerBulk();
        customers.MapPost("", Create).RequirePermission(Permission.CustomersWrite).WithName("CreateCustomer").WithSummary("Create a customer.");
        customers.MapGet("/{id:guid}", Get).RequirePermission(Permission.CustomersRead).WithName("GetCustomer").WithSummary("Get one customer, live from its grain.");
        customers.MapPut("/{id:guid}", Update).RequirePermission(Permission.CustomersWrite).WithName("UpdateCustomer").WithSummary("Replace a customer's profile.");
        customers.MapDelete("/{id:guid}", Delete).RequirePermission(Permission.CustomersWrite).WithName("DeleteCustomer").WithSummary("Delete a customer.");
        return customers;
    }

    private static async Task<Results<Created<Customer>, ProblemHttpResult>> Create(Caller caller, IGrainFactory grains, UserDirectory users, CustomerInput input, CancellationToken cancellationToken)
    {
        var profile = input.ToProfile() with { OwnerId = caller.OwnerFor(input.OwnerId, null) };
        // Rejected here already, so bad input never activates a grain; the grain checks again as the rule of record.
        if (await InvalidAsync(caller, users, profile, cancellationToken) is { } problem)
        {
            return problem;
        }

        var id = Guid.CreateVersion7();
        var result = await grains.GetCustomer(caller.Workspace, id).CreateAsync(profile, caller.Change);
        return result.IsOk
            ? TypedResults.Created($"/api/v1/customers/{id}", Customer.From(result.Value!))
            : result.ToProblem();
    }

    /// <summary>A read of personal data: audited before the answer goes out.</summary>
    private static async Task<Results<Ok<Customer>, ProblemHttpResult>> Get(Caller caller, IGrainFactory grains, AuditLog audit, Guid id, CancellationToken cancellationToken)
    {
        var customer = await caller.FindVisibleAsync(grains, id);
        if (customer is null)
        {
            return NotFound(id);
        }

        await audit.RecordReadAsync(caller.Workspace, caller.Change, "customer", id, cancellationToken);
        return TypedResults.Ok(Customer.From(customer));
    }

    private static async Task<Results<Ok<Customer>, ProblemHttpResult>> Update(Caller caller, IGrainFactory grains, UserDirectory users, Guid id, CustomerInput input, CancellationToken cancellationToken)
    {
        var current = await caller.FindVisibleAsync(grains, id);
        if (current is null)
        {
            return NotFound(id);
        }

        var profile = input.ToProfile() with { OwnerId = caller.OwnerFor(input.OwnerId, current.Profile.OwnerId) };
        if (await InvalidAsync(caller, users, profile, cancellationToken) is { } problem)
        {
            return problem;
        }

        var result = await grains.GetCustomer(caller.Workspace, id).UpdateAsync(profile, input.Version, caller.Change);
        return result.IsOk ? TypedResults.Ok(Customer.From(result.Value!)) : result.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Caller caller, IGrainFactory grains, Guid id)
    {
        if (!await caller.MayTouchAsync(grains, id))
        {
            return NotFound(id);
        }

        var result = await grains.GetCustomer(caller.Workspace, id).DeleteAsync(caller.Change);
        return result.IsOk ? TypedResults.NoContent() : result.ToProblem();
    }

    public static ProblemHttpResult NotFound(Guid id) => Problem.NotFound("Customer", id);

    private static async Task<ProblemHttpResult?> InvalidAsync(Caller caller, UserDirectory users, CustomerProfile profile, CancellationToken cancellationToken)
    {
        var (_, errors) = CustomerProfiles.Prepare(profile);
        if (await caller.CheckOwnerAsync(users, profile.OwnerId, cancellationToken) is { } ownerError)
        {
            errors = FieldErrors.From(errors).With("owner_id", ownerError, FieldCodes.Invalid);
        }

        return errors.Count > 0 ? Problem.Invalid(errors) : null;
    }
}
