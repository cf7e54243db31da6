using SimpleCrm.Api.Access;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Data.Customers;
using SimpleCrm.Data.Lists;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Domain.Reference;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Api.Customers;

/// <summary>GET /customers: filters, sort, sparse fields, search, and cursor or offset paging, all in SQL.</summary>
public static class CustomerListEndpoint
{
    private static readonly IReadOnlySet<string> Fields = SparseFields.Of<Customer>();

    /// <summary>Reads the filter parameters shared by the list, export and bulk actions.</summary>
    public static CustomerFilter ReadFilter(QueryReader query) => new()
    {
        Search = query.Text("q"),
        Countries = query.List("country", Countries.IsKnown, c => c.ToUpperInvariant(), "an ISO 3166-1 alpha-2 code"),
        Statuses = query.Enums<CustomerStatus>("status"),
        Tags = query.List("tag", t => t.Length is > 0 and <= 50, t => t, "a tag"),
        LifetimeValueUsdAtLeast = query.Decimal("ltv_gte"),
        LifetimeValueUsdAtMost = query.Decimal("ltv_lte"),
        OrdersAtLeast = query.Int("orders_gte", 0, int.MaxValue),
        CreatedAfter = query.Instant("created_after"),
        CreatedBefore = query.Instant("created_before"),
        OwnerId = query.Uuid("owner"),
        Segment = query.Uuid("segment"),
        Ids = query.Uuids("id"),
        CustomFields = query.Prefixed(k => k.Length is > 0 and <= 64 && k.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')),
    };

    public static async Task<Results<Ok<CustomerPage>, JsonHttpResult<SparsePage>, ProblemHttpResult>> List(
        Caller caller, HttpRequest request, CustomerQueries queries, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var query = new QueryReader(request.Query, "custom.");
        var filter = ReadFilter(query).VisibleTo(caller);
        var customSortable = CustomFields.CustomFieldEndpoints.SortableColumns(
            await grains.GetGrain<SimpleCrm.Contracts.CustomFields.ICustomFieldSchemaGrain>(caller.Workspace.Value).GetAsync());
        var sortable = CustomerQueries.Sortable.Concat(customSortable).ToDictionary(p => p.Key, p => p.Value);
        var sort = query.Sort(sortable, CustomerQueries.DefaultSort);
        var page = query.Page();
        var fields = query.Fields(Fields);
        if (!query.Complete())
        {
            return Problem.InvalidQuery(query.Errors);
        }

        Page<CustomerSnapshot> result;
        try
        {
            result = await queries.ListAsync(caller.Workspace, filter, sort, page, cancellationToken);
        }
        catch (InvalidCursorException e)
        {
            return Problem.InvalidQuery("cursor", e.Message, e.Message);
        }

        var customers = result.Items.Select(Customer.From).ToList();
        return fields is null
            ? TypedResults.Ok(new CustomerPage(customers, result.NextCursor, result.Total))
            : TypedResults.Json(new SparsePage(customers.Select(c => SparseFields.Select(c, fields)).ToList(), result.NextCursor, result.Total), CrmJson.Options);
    }
}

/// <summary>A page of documents reduced to the requested fields.</summary>
public sealed record SparsePage(IReadOnlyList<JsonObject> Items, string? NextCursor, long? Total);
