using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Workspaces;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Grains.Common;
using SimpleCrm.Grains.Customers;

namespace SimpleCrm.Api.Customers;

/// <summary>/api/v1/customers: one customer's reads and writes go to its grain; lists go to SQL.</summary>
public static class CustomerEndpoints
{
    public static RouteGroupBuilder MapCustomers(this RouteGroupBuilder api)
    {
        var customers = api.MapGroup("/customers").WithTags("Customers")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        customers.MapGet("", CustomerListEndpoint.List).WithName("ListCustomers").WithQueryDocs<CustomerListQueryDocs>()
            .WithSummary("List customers: filters (country, status, tag, ltv_gte, ltv_lte, orders_gte, created_after, created_before, owner, custom.<field>), sort, fields, q, cursor or offset.");
        customers.MapCustomerExport();
        customers.MapCustomerImport();
        customers.MapCustomerBulk();
        customers.MapPost("", Create).WithName("CreateCustomer").WithSummary("Create a customer.");
        customers.MapGet("/{id:guid}", Get).WithName("GetCustomer").WithSummary("Get one customer, live from its grain.");
        customers.MapPut("/{id:guid}", Update).WithName("UpdateCustomer").WithSummary("Replace a customer's profile.");
        customers.MapDelete("/{id:guid}", Delete).WithName("DeleteCustomer").WithSummary("Delete a customer.");
        return customers;
    }

    private static async Task<Results<Created<Customer>, ProblemHttpResult>> Create(HttpContext http, IGrainFactory grains, CustomerInput input)
    {
        // Rejected here already, so bad input never activates a grain; the grain checks again as the rule of record.
        var (_, errors) = CustomerProfiles.Prepare(input.ToProfile());
        if (errors.Count > 0)
        {
            return CommandResultHttp.FieldProblem(400, "Invalid input", "One or more fields are invalid.", errors);
        }

        var id = Guid.CreateVersion7();
        var result = await grains.GetCustomer(http.Workspace(), id).CreateAsync(input.ToProfile(), http.ChangeContext());
        return result.IsOk
            ? TypedResults.Created($"/api/v1/customers/{id}", Customer.From(result.Value!))
            : result.ToProblem();
    }

    private static async Task<Results<Ok<Customer>, ProblemHttpResult>> Get(HttpContext http, IGrainFactory grains, Guid id)
    {
        var customer = await grains.GetCustomer(http.Workspace(), id).GetAsync();
        return customer is null
            ? TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"Customer {id} does not exist.")
            : TypedResults.Ok(Customer.From(customer));
    }

    private static async Task<Results<Ok<Customer>, ProblemHttpResult>> Update(HttpContext http, IGrainFactory grains, Guid id, CustomerInput input)
    {
        var (_, errors) = CustomerProfiles.Prepare(input.ToProfile());
        if (errors.Count > 0)
        {
            return CommandResultHttp.FieldProblem(400, "Invalid input", "One or more fields are invalid.", errors);
        }

        var result = await grains.GetCustomer(http.Workspace(), id).UpdateAsync(input.ToProfile(), input.Version, http.ChangeContext());
        return result.IsOk ? TypedResults.Ok(Customer.From(result.Value!)) : result.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(HttpContext http, IGrainFactory grains, Guid id)
    {
        var result = await grains.GetCustomer(http.Workspace(), id).DeleteAsync(http.ChangeContext());
        return result.IsOk ? TypedResults.NoContent() : result.ToProblem();
    }
}
