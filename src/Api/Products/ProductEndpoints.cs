using SimpleCrm.Domain.Common;
using SimpleCrm.Api.Access;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Customers;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Data.Products;
using SimpleCrm.Domain.Money;
using SimpleCrm.Domain.Reference;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Api.Products;

public sealed record ProductInput
{
    [Required] public string? Sku { get; init; }
    [Required] public string? Name { get; init; }
    [Description("0–10^12, with at most the currency's decimal places.")]
    [Range(0, 1e12)]
    [Required] public decimal? Price { get; init; }
    [Required] public string? Currency { get; init; }
}

/// <summary>/api/v1/products: the catalog; /customers/{id}/products: what a customer bought.</summary>
public static class ProductEndpoints
{
    public static RouteGroupBuilder MapProducts(this RouteGroupBuilder api)
    {
        var products = api.MapResource("/products", "Products", StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        products.MapGet("", List).RequirePermission(Permission.OrdersRead).WithName("ListProducts").WithSummary("Catalog products by name; q searches name (accent-insensitive) or SKU prefix.");
        products.MapPost("", Create).RequirePermission(Permission.ProductsWrite).WithName("CreateProduct").WithSummary("Add a product; SKUs are unique in the workspace.");
        api.MapGet("/customers/{id:guid}/products", Purchases).RequirePermission(Permission.OrdersRead).WithTags("Customers").WithName("ListCustomerProducts")
            .WithSummary("The customer's purchase history per product (cancelled orders left out).").ProducesProblem(StatusCodes.Status404NotFound);
        return products;
    }

    private static async Task<Results<Ok<IReadOnlyList<Product>>, ProblemHttpResult>> List(Caller caller, ProductStore store, CancellationToken cancellationToken, string? q = null)
    {
        if (q is { Length: > 100 })
        {
            return Problem.InvalidQuery("q", "At most 100 characters.", "q is too long.");
        }

        return TypedResults.Ok(await store.ListAsync(caller.Workspace, string.IsNullOrWhiteSpace(q) ? null : q.Trim(), 200, cancellationToken));
    }

    private static async Task<Results<Created<Product>, ProblemHttpResult>> Create(Caller caller, ProductStore store, ProductInput input, CancellationToken cancellationToken)
    {
        var sku = input.Sku?.Trim() ?? "";
        var name = input.Name?.Trim() ?? "";
        var currency = input.Currency?.Trim().ToUpperInvariant() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (sku.Length is 0 or > 100)
        {
            errors["sku"] = ["1–100 characters."];
        }

        if (name.Length is 0 or > 200)
        {
            errors["name"] = ["1–200 characters."];
        }

        if (!Currencies.IsKnown(currency))
        {
            errors["currency"] = [$"'{currency}' is not an ISO 4217 currency code."];
        }
        else if (input.Price is not { } price || price < 0 || price > InputBounds.MaxAmount || !MoneyRounding.HasValidScale(price, currency))
        {
            errors["price"] = [$"A non-negative amount of at most {InputBounds.MaxAmount:N0} with at most {Currencies.MinorUnits(currency)} decimal places."];
        }

        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var product = new Product(Guid.CreateVersion7(), sku, name, input.Price!.Value, currency, DateTime.UtcNow);
        return await store.InsertAsync(caller.Workspace, product, caller.Change, cancellationToken)
            ? TypedResults.Created($"/api/v1/products/{product.Id}", product)
            : CommandResultHttp.FieldProblem(409, "Conflict", $"Another product has the SKU '{sku}'.", new Dictionary<string, string[]> { ["sku"] = ["Already in use."] });
    }

    private static async Task<Results<Ok<IReadOnlyList<ProductPurchase>>, ProblemHttpResult>> Purchases(Caller caller, ProductStore store, IGrainFactory grains, Guid id, CancellationToken cancellationToken)
    {
        if (await caller.FindVisibleAsync(grains, id) is null)
        {
            return CustomerEndpoints.NotFound(id);
        }

        return TypedResults.Ok(await store.PurchasesAsync(caller.Workspace, id, cancellationToken));
    }
}
