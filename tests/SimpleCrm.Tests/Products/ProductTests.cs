using System.Net;
using System.Net.Http.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Products;

public sealed class ProductTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly CrmApiClient crm = new(api.Http);

    [Fact]
    public async Task Products_have_unique_skus_and_prices_in_their_currency_minor_units()
    {
        var sku = $"TEA-{Guid.NewGuid():N}"[..12];
        var created = await api.Http.PostAsJsonAsync("/api/v1/products", new { sku, name = "Matcha tea set", price = 4500, currency = "JPY" }, ApiNode.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var duplicate = await api.Http.PostAsJsonAsync("/api/v1/products", new { sku, name = "Other", price = 1, currency = "JPY" }, ApiNode.Json);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var badPrice = await api.Http.PostAsJsonAsync("/api/v1/products", new { sku = sku + "x", name = "Other", price = 10.5, currency = "JPY" }, ApiNode.Json);
        Assert.True((await badPrice.JsonAsync()).GetProperty("errors").TryGetProperty("price", out _));

        var found = await crm.GetAsync("/api/v1/products?q=matcha");
        Assert.Contains(found.EnumerateArray(), p => p.GetProperty("sku").GetString() == sku);
    }

    [Fact]
    public async Task A_customers_purchase_history_sums_quantities_per_product_and_leaves_out_cancelled_orders()
    {
        var customer = (await crm.CreateCustomerAsync($"buyer-{Guid.NewGuid():N}@example.com")).GetProperty("id").GetGuid();
        await crm.CreateOrderAsync(customer, $"#{Guid.NewGuid():N}"[..12], "EUR", 20m, quantity: 2);
        await crm.CreateOrderAsync(customer, $"#{Guid.NewGuid():N}"[..12], "EUR", 20m, quantity: 3);
        var cancelled = (await crm.CreateOrderAsync(customer, $"#{Guid.NewGuid():N}"[..12], "EUR", 20m, quantity: 7)).GetProperty("id").GetGuid();
        await crm.ChangeStatusAsync(cancelled, "cancelled");

        var history = await crm.GetAsync($"/api/v1/customers/{customer}/products");
        var shirt = Assert.Single(history.EnumerateArray());
        Assert.Equal(5, shirt.GetProperty("quantity").GetInt64());
        Assert.Equal(2, shirt.GetProperty("orders").GetInt64());
        Assert.Equal(100m, shirt.GetProperty("spent").GetDecimal());
    }
}
