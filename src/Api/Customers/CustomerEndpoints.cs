using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Workspaces;
using SimpleCrm.Data.Customers;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Grains.Common;
using SimpleCrm.Grains.Customers;

namespace SimpleCrm.Api.Customers;

/// <summary>/api/v1/customers: one customer's reads and writes go to its grain; lists go to SQL.</summary>
public static class CustomerEndpoints
{
    public const int MaxPageSize = 200;

    public static RouteGroupBuilder MapCustomers(this RouteGroupBuilder api)
    {
        var customers = api.MapGroup("/customers").WithTags("Customers");
        customers.MapGet("", List).WithName("ListCustomers").WithSummary("List customers, newest first, with cursor pagination and search.");
        customers.MapPost("", Create).WithName("CreateCustomer").WithSummary("Create a customer.");
        customers.MapGet("/{id:guid}", Get).WithName("GetCustomer").WithSummary("Get one customer, live from its grain.");
        customers.MapPut("/{id:guid}", Update).WithName("UpdateCustomer").WithSummary("Replace a customer's profile.");
        customers.MapDelete("/{id:guid}", Delete).WithName("DeleteCustomer").WithSummary("Delete a customer.");
        return customers;
    }

    private static async Task<Results<Ok<CustomerPage>, ProblemHttpResult>> List(
        HttpContext http, CustomerQueries queries, string? q = null, string? cursor = null, int? limit = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"Must be between 1 and {MaxPageSize}."];
        }

        if (q is { Length: > 200 })
        {
            errors["q"] = ["At most 200 characters."];
        }

        ListCursor? after = null;
        if (cursor is not null && !ListCursor.TryDecode(cursor, out after))
        {
            errors["cursor"] = ["Not a cursor this API returned."];
        }

        if (errors.Count > 0)
        {
            return CommandResultHttp.FieldProblem(400, "Invalid query", "One or more query parameters are invalid.", errors);
        }

        var page = await queries.ListAsync(http.Workspace(), q, after, limit ?? 25, http.RequestAborted);
        return TypedResults.Ok(new CustomerPage(page.Items.Select(Customer.From).ToList(), page.NextCursor));
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
