using SimpleCrm.Api.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Workspaces;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Data.Lists;
using SimpleCrm.Data.Orders;
using SimpleCrm.Domain.Orders;
using SimpleCrm.Domain.Reference;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Contracts.Orders;

namespace SimpleCrm.Api.Orders;

/// <summary>/api/v1/orders: one order's reads and writes go to its grain; lists go to SQL.</summary>
public static class OrderEndpoints
{
    public static RouteGroupBuilder MapOrders(this RouteGroupBuilder api)
    {
        var orders = api.MapResource("/orders", "Orders",
            StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        orders.MapGet("", List).RequirePermission(Permission.OrdersRead).WithName("ListOrders").WithQueryDocs<OrderListQueryDocs>()
            .WithSummary("List orders: filters (status, customer_id, shipping_country, currency, total_usd_gte, total_usd_lte, ordered_after, ordered_before, source), q (order number), sort, cursor or offset.");
        orders.MapPost("", Create).RequirePermission(Permission.OrdersWrite).WithName("CreateOrder").WithSummary("Create an order; its total is also stored in USD at the rate of its date.");
        orders.MapGet("/{id:guid}", Get).RequirePermission(Permission.OrdersRead).WithName("GetOrder").WithSummary("Get one order with its items and refunds.");
        orders.MapPut("/{id:guid}", Update).RequirePermission(Permission.OrdersWrite).WithName("UpdateOrder").WithSummary("Change shipping, tracking, payment status or notes.");
        orders.MapPost("/{id:guid}/status", ChangeStatus).RequirePermission(Permission.OrdersWrite).WithName("ChangeOrderStatus")
            .WithSummary("Move the order along pending → processing → shipped → delivered (or cancelled, refunded); illegal moves are 409.");
        orders.MapPost("/{id:guid}/refunds", Refund).RequirePermission(Permission.OrdersWrite).WithName("RefundOrder").WithSummary("Record a full or partial refund, or a return.");
        api.MapGet("/customers/{id:guid}/orders", ListForCustomer).RequirePermission(Permission.OrdersRead).WithTags("Customers").WithName("ListCustomerOrders").WithQueryDocs<ListQueryDocs>()
            .WithSummary("The customer's orders, newest first.");
        return orders;
    }

    private static Task<Results<Ok<Page<OrderSummary>>, ProblemHttpResult>> List(HttpContext http, OrderQueries queries) =>
        ListAsync(http, queries, customerId: null);

    private static async Task<Results<Ok<Page<OrderSummary>>, ProblemHttpResult>> ListForCustomer(HttpContext http, OrderQueries queries, IGrainFactory grains, Guid id)
    {
        if (await http.FindVisibleAsync(grains, id) is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"Customer {id} does not exist.");
        }

        return await ListAsync(http, queries, id);
    }

    private static async Task<Results<Ok<Page<OrderSummary>>, ProblemHttpResult>> ListAsync(HttpContext http, OrderQueries queries, Guid? customerId)
    {
        var query = new QueryReader(http.Request.Query);
        var filter = new OrderFilter
        {
            Search = query.Text("q", 64),
            Statuses = query.Enums<OrderStatus>("status"),
            CustomerId = customerId ?? query.Uuid("customer_id"),
            ShippingCountries = query.List("shipping_country", Countries.IsKnown, c => c.ToUpperInvariant(), "an ISO 3166-1 alpha-2 code"),
            Currencies = query.List("currency", Currencies.IsKnown, c => c.ToUpperInvariant(), "an ISO 4217 code"),
            TotalUsdAtLeast = query.Decimal("total_usd_gte"),
            TotalUsdAtMost = query.Decimal("total_usd_lte"),
            OrderedAfter = query.Instant("ordered_after"),
            OrderedBefore = query.Instant("ordered_before"),
            Source = query.Text("source", 50),
            VisibleToOwner = http.Caller().AssignedTo,
        };
        var sort = query.Sort(OrderQueries.Sortable, OrderQueries.DefaultSort);
        var page = query.Page();
        if (!query.Complete())
        {
            return CommandResultHttp.FieldProblem(400, "Invalid query", "One or more query parameters are invalid.", query.Errors);
        }

        try
        {
            return TypedResults.Ok(await queries.ListAsync(http.Workspace(), filter, sort, page, http.RequestAborted));
        }
        catch (InvalidCursorException e)
        {
            return CommandResultHttp.FieldProblem(400, "Invalid query", e.Message, new Dictionary<string, string[]> { ["cursor"] = [e.Message] });
        }
    }

    private static async Task<Results<Created<Order>, ProblemHttpResult>> Create(HttpContext http, IGrainFactory grains, OrderInput input)
    {
        if (input.CustomerId is { } customerId && !await http.MayTouchAsync(grains, customerId))
        {
            return CommandResultHttp.FieldProblem(400, "Invalid input", "One or more fields are invalid.",
                new Dictionary<string, string[]> { ["customer_id"] = [$"Customer {customerId} does not exist."] });
        }

        var (_, errors) = OrderRules.Prepare(input.ToDraft());
        if (errors.Count > 0)
        {
            return CommandResultHttp.FieldProblem(400, "Invalid input", "One or more fields are invalid.", errors);
        }

        var id = Guid.CreateVersion7();
        var result = await grains.GetOrder(http.Workspace(), id).CreateAsync(input.ToDraft(), http.ChangeContext());
        return result.IsOk ? TypedResults.Created($"/api/v1/orders/{id}", Order.From(result.Value!)) : result.ToProblem();
    }

    private static async Task<Results<Ok<Order>, ProblemHttpResult>> Get(HttpContext http, IGrainFactory grains, Guid id) =>
        await FindVisibleAsync(http, grains, id) is { } order ? TypedResults.Ok(Order.From(order)) : NotFound(id);

    /// <summary>The order, or null when it does not exist or belongs to a customer the caller may not see.</summary>
    private static async Task<OrderSnapshot?> FindVisibleAsync(HttpContext http, IGrainFactory grains, Guid id) =>
        await grains.GetOrder(http.Workspace(), id).GetAsync() is { } order && await http.MayTouchAsync(grains, order.CustomerId) ? order : null;

    private static ProblemHttpResult NotFound(Guid id) => TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"Order {id} does not exist.");

    private static async Task<Results<Ok<Order>, ProblemHttpResult>> Update(HttpContext http, IGrainFactory grains, Guid id, OrderUpdateInput input)
    {
        var grain = grains.GetOrder(http.Workspace(), id);
        if (await FindVisibleAsync(http, grains, id) is not { } current)
        {
            return NotFound(id);
        }

        var result = await grain.UpdateAsync(input.ToChanges(current.Shipping), http.ChangeContext());
        return result.IsOk ? TypedResults.Ok(Order.From(result.Value!)) : result.ToProblem();
    }

    private static async Task<Results<Ok<Order>, ProblemHttpResult>> ChangeStatus(HttpContext http, IGrainFactory grains, Guid id, StatusChangeInput input)
    {
        if (input.Status is not { } status)
        {
            return CommandResultHttp.FieldProblem(400, "Invalid input", "The new status is required.", new Dictionary<string, string[]> { ["status"] = ["Required."] });
        }

        if (http.Caller().AssignedTo is not null && await FindVisibleAsync(http, grains, id) is null)
        {
            return NotFound(id);
        }

        var result = await grains.GetOrder(http.Workspace(), id).ChangeStatusAsync(status, http.ChangeContext());
        return result.IsOk ? TypedResults.Ok(Order.From(result.Value!)) : result.ToProblem();
    }

    private static async Task<Results<Ok<Order>, ProblemHttpResult>> Refund(HttpContext http, IGrainFactory grains, Guid id, RefundInput input)
    {
        if (input.Amount is not { } amount)
        {
            return CommandResultHttp.FieldProblem(400, "Invalid input", "The amount is required.", new Dictionary<string, string[]> { ["amount"] = ["Required."] });
        }

        if (http.Caller().AssignedTo is not null && await FindVisibleAsync(http, grains, id) is null)
        {
            return NotFound(id);
        }

        var result = await grains.GetOrder(http.Workspace(), id).RefundAsync(new RefundRequest(amount, input.Reason, input.IsReturn ?? false), http.ChangeContext());
        return result.IsOk ? TypedResults.Ok(Order.From(result.Value!)) : result.ToProblem();
    }
}
