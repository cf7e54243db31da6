using System.Globalization;
using SimpleCrm.Api.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Customers;
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
        orders.MapPost("", Create).RequirePermission(Permission.OrdersWrite).WithName("CreateOrder")
            .WithSummary("Create an order; its total is also stored in USD at the rate of its date, or marked usd_pending when no rate for its currency is known yet. Given totals (total_amount, subtotal_amount, items[i].total_price) must match the items.");
        orders.MapGet("/{id:guid}", Get).RequirePermission(Permission.OrdersRead).WithName("GetOrder").WithSummary("Get one order with its items and refunds.");
        orders.MapPut("/{id:guid}", Update).RequirePermission(Permission.OrdersWrite).WithName("UpdateOrder")
            .WithSummary("Change status (through the lifecycle; illegal moves are 409), shipping, tracking, payment status or notes; fields left out stay.");
        orders.MapPatch("/{id:guid}", Update).RequirePermission(Permission.OrdersWrite).WithName("PatchOrder")
            .WithSummary("The same partial update as PUT.");
        orders.MapPost("/{id:guid}/status", ChangeStatus).RequirePermission(Permission.OrdersWrite).WithName("ChangeOrderStatus")
            .WithSummary("Move the order along pending → processing → shipped → delivered (or cancelled, refunded); illegal moves are 409.");
        orders.MapPost("/{id:guid}/refunds", Refund).RequirePermission(Permission.OrdersWrite).WithName("RefundOrder").WithSummary("Record a full or partial refund, or a return.");
        api.MapGet("/customers/{id:guid}/orders", ListForCustomer).RequirePermission(Permission.OrdersRead).WithTags("Customers").WithName("ListCustomerOrders").WithQueryDocs<ListQueryDocs>()
            .WithSummary("The customer's orders, newest first.");
        return orders;
    }

    private static Task<Results<Ok<Page<OrderSummary>>, ProblemHttpResult>> List(Caller caller, HttpRequest request, OrderQueries queries, CancellationToken cancellationToken) =>
        ListAsync(caller, request.Query, queries, customerId: null, cancellationToken);

    private static async Task<Results<Ok<Page<OrderSummary>>, ProblemHttpResult>> ListForCustomer(
        Caller caller, HttpRequest request, OrderQueries queries, IGrainFactory grains, Guid id, CancellationToken cancellationToken)
    {
        if (await caller.FindVisibleAsync(grains, id) is null)
        {
            return CustomerEndpoints.NotFound(id);
        }

        return await ListAsync(caller, request.Query, queries, id, cancellationToken);
    }

    private static async Task<Results<Ok<Page<OrderSummary>>, ProblemHttpResult>> ListAsync(
        Caller caller, IQueryCollection parameters, OrderQueries queries, Guid? customerId, CancellationToken cancellationToken)
    {
        var query = new QueryReader(parameters);
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
            VisibleToOwner = caller.AssignedTo,
        };
        var sort = query.Sort(OrderQueries.Sortable, OrderQueries.DefaultSort);
        var page = query.Page();
        if (!query.Complete())
        {
            return Problem.InvalidQuery(query.Errors);
        }

        try
        {
            return TypedResults.Ok(await queries.ListAsync(caller.Workspace, filter, sort, page, cancellationToken));
        }
        catch (InvalidCursorException e)
        {
            return Problem.InvalidQuery("cursor", e.Message, e.Message);
        }
    }

    private static async Task<Results<Created<Order>, ProblemHttpResult>> Create(Caller caller, IGrainFactory grains, OrderInput input)
    {
        if (input.CustomerId is { } customerId && !await caller.MayTouchAsync(grains, customerId))
        {
            return Problem.Invalid("customer_id", $"Customer {customerId} does not exist.");
        }

        var (_, errors) = OrderRules.Prepare(input.ToDraft());
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var id = Guid.CreateVersion7();
        var result = await grains.GetOrder(caller.Workspace, id).CreateAsync(input.ToDraft(), caller.Change);
        return result.IsOk ? TypedResults.Created($"/api/v1/orders/{id}", Order.From(result.Value!)) : result.ToProblem();
    }

    private static async Task<Results<Ok<Order>, ProblemHttpResult>> Get(Caller caller, IGrainFactory grains, Guid id) =>
        await FindVisibleAsync(caller, grains, id) is { } order ? TypedResults.Ok(Order.From(order)) : NotFound(id);

    /// <summary>The order, or null when it does not exist or belongs to a customer the caller may not see.</summary>
    private static async Task<OrderSnapshot?> FindVisibleAsync(Caller caller, IGrainFactory grains, Guid id) =>
        await grains.GetOrder(caller.Workspace, id).GetAsync() is { } order && await caller.MayTouchAsync(grains, order.CustomerId) ? order : null;

    private static ProblemHttpResult NotFound(Guid id) => Problem.NotFound("Order", id);

    private static async Task<Results<Ok<Order>, ProblemHttpResult>> Update(Caller caller, IGrainFactory grains, Guid id, OrderUpdateInput input)
    {
        var grain = grains.GetOrder(caller.Workspace, id);
        if (await FindVisibleAsync(caller, grains, id) is not { } current)
        {
            return NotFound(id);
        }

        if (input.TotalAmount is { } total && total != current.TotalAmount)
        {
            var expected = current.TotalAmount.ToString("F" + Currencies.MinorUnits(current.Currency), CultureInfo.InvariantCulture);
            return Problem.Invalid("total_amount", $"Expected {expected} {current.Currency}: an order's total does not change once placed; record a refund to lower it.");
        }

        var result = await grain.UpdateAsync(input.ToChanges(current.Shipping), caller.Change);
        return result.IsOk ? TypedResults.Ok(Order.From(result.Value!)) : result.ToProblem();
    }

    private static async Task<Results<Ok<Order>, ProblemHttpResult>> ChangeStatus(Caller caller, IGrainFactory grains, Guid id, StatusChangeInput input)
    {
        if (input.Status is not { } status)
        {
            return Problem.Invalid("status", "Required.", "The new status is required.");
        }

        if (caller.AssignedTo is not null && await FindVisibleAsync(caller, grains, id) is null)
        {
            return NotFound(id);
        }

        var result = await grains.GetOrder(caller.Workspace, id).ChangeStatusAsync(status, caller.Change);
        return result.IsOk ? TypedResults.Ok(Order.From(result.Value!)) : result.ToProblem();
    }

    private static async Task<Results<Ok<Order>, ProblemHttpResult>> Refund(Caller caller, IGrainFactory grains, Guid id, RefundInput input)
    {
        if (input.Amount is not { } amount)
        {
            return Problem.Invalid("amount", "Required.", "The amount is required.");
        }

        if (caller.AssignedTo is not null && await FindVisibleAsync(caller, grains, id) is null)
        {
            return NotFound(id);
        }

        var result = await grains.GetOrder(caller.Workspace, id).RefundAsync(new RefundRequest(amount, input.Reason, input.IsReturn ?? false), caller.Change);
        return result.IsOk ? TypedResults.Ok(Order.From(result.Value!)) : result.ToProblem();
    }
}
