using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SimpleCrm.Tests.Infrastructure;

/// <summary>Small typed helpers over the real HTTP API, for tests that need a few customers and orders.</summary>
public sealed class CrmApiClient(HttpClient http)
{
    public async Task<JsonElement> CreateCustomerAsync(object body)
    {
        var response = await http.PostAsJsonAsync("/api/v1/customers", body, ApiNode.Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    public Task<JsonElement> CreateCustomerAsync(string email, string currency = "EUR", string country = "DE", string first = "Test", string last = "Customer") =>
        CreateCustomerAsync(new { first_name = first, last_name = last, email, country_code = country, currency });

    public async Task<JsonElement> CreateOrderAsync(Guid customerId, string number, string currency, decimal unitPrice, int quantity = 1, string? orderedAt = null, string? status = null)
    {
        var response = await PostOrderAsync(customerId, number, currency, unitPrice, quantity, orderedAt, status);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    public Task<HttpResponseMessage> PostOrderAsync(Guid customerId, string number, string currency, decimal unitPrice, int quantity = 1, string? orderedAt = null, string? status = null) =>
        http.PostAsJsonAsync("/api/v1/orders", new
        {
            customer_id = customerId,
            order_number = number,
            currency,
            items = new[] { new { product_id = "sku-1", product_name = "Linen shirt", quantity, unit_price = unitPrice } },
            ordered_at = orderedAt,
            status,
        }, ApiNode.Json);

    public Task<HttpResponseMessage> ChangeStatusAsync(Guid orderId, string status) =>
        http.PostAsJsonAsync($"/api/v1/orders/{orderId}/status", new { status }, ApiNode.Json);

    public Task<HttpResponseMessage> RefundAsync(Guid orderId, decimal amount, bool isReturn = false) =>
        http.PostAsJsonAsync($"/api/v1/orders/{orderId}/refunds", new { amount, reason = "test", is_return = isReturn }, ApiNode.Json);

    public async Task<JsonElement> GetAsync(string path)
    {
        var response = await http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }
}
