using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Orders;

/// <summary>The spec's order shape: given totals are checked against the items, and PUT moves status through the lifecycle.</summary>
public sealed class OrderShapeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly CrmApiClient crm = new(api.Http);

    [Fact]
    public async Task Totals_that_match_the_items_are_accepted_with_duties_and_tips()
    {
        var customer = await CustomerAsync();
        var response = await api.Http.PostJsonAsync("/api/v1/orders", Body(customer, new
        {
            // 2 × 15.00 + 1 × 9.99 = 39.99; + 4.00 tax + 5.00 shipping + 2.50 duties + 1.00 tip − 3.00 discount = 49.49
            items = new object[]
            {
                new { product_id = "p1", product_name = "Mug", quantity = 2, unit_price = 15.00m, total_price = 30.00m },
                new { product_id = "p2", product_name = "Spoon", quantity = 1, unit_price = 9.99m, total_price = 9.99m },
            },
            subtotal_amount = 39.99m,
            tax_amount = 4m,
            shipping_amount = 5m,
            duties_amount = 2.5m,
            tip_amount = 1m,
            discount_amount = 3m,
            total_amount = 49.49m,
        }));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var order = await response.JsonAsync();
        Assert.Equal(49.49m, order.GetProperty("total_amount").GetDecimal());
        Assert.Equal(39.99m, order.GetProperty("subtotal_amount").GetDecimal());
        Assert.Equal(2.5m, order.GetProperty("duties_amount").GetDecimal());
        Assert.Equal(1m, order.GetProperty("tip_amount").GetDecimal());
        Assert.False(order.GetProperty("totals_from_source").GetBoolean());
        Assert.Equal(30m, order.GetProperty("items")[0].GetProperty("total_price").GetDecimal());

        // The stored order reads back the same.
        var stored = await crm.GetAsync($"/api/v1/orders/{order.GetProperty("id").GetGuid()}");
        Assert.Equal(2.5m, stored.GetProperty("duties_amount").GetDecimal());
        Assert.Equal(49.49m, stored.GetProperty("total_amount").GetDecimal());
    }

    [Fact]
    public async Task A_total_amount_that_disagrees_is_400_naming_it_with_the_expected_value()
    {
        var customer = await CustomerAsync();
        var response = await api.Http.PostJsonAsync("/api/v1/orders", Body(customer, new
        {
            items = new[] { new { product_id = "p1", product_name = "Mug", quantity = 2, unit_price = 15.00m } },
            tax_amount = 4m,
            total_amount = 30m,
        }));

        var problem = await AssertBadRequestAsync(response, "total_amount");
        Assert.Contains("Expected 34.00 USD", Message(problem, "total_amount"));
        Assert.Equal("total_mismatch", problem.GetProperty("codes").GetProperty("total_amount")[0].GetString());
        Assert.Equal("34.00", problem.GetProperty("code_params").GetProperty("total_amount").GetProperty("expected").GetString());
    }

    [Fact]
    public async Task A_line_total_that_disagrees_is_400_naming_the_item()
    {
        var customer = await CustomerAsync();
        var response = await api.Http.PostJsonAsync("/api/v1/orders", Body(customer, new
        {
            items = new object[]
            {
                new { product_id = "p1", product_name = "Mug", quantity = 1, unit_price = 5m, total_price = 5m },
                new { product_id = "p2", product_name = "Spoon", quantity = 1, unit_price = 5m },
                new { product_id = "p3", product_name = "Plate", quantity = 3, unit_price = 10.10m, total_price = 30m },
            },
        }));

        var problem = await AssertBadRequestAsync(response, "items[2].total_price");
        Assert.Contains("Expected 30.30 USD (3 × 10.10)", Message(problem, "items[2].total_price"));
        Assert.False(problem.GetProperty("errors").TryGetProperty("items[0].total_price", out _));

        var subtotal = await api.Http.PostJsonAsync("/api/v1/orders", Body(customer, new
        {
            items = new[] { new { product_id = "p1", product_name = "Mug", quantity = 3, unit_price = 10.10m } },
            subtotal_amount = 30m,
        }));
        Assert.Contains("Expected 30.30 USD", Message(await AssertBadRequestAsync(subtotal, "subtotal_amount"), "subtotal_amount"));
    }

    [Fact]
    public async Task Put_moves_the_status_through_the_lifecycle_and_refuses_illegal_moves_naming_status()
    {
        var customer = await CustomerAsync();
        var id = (await crm.CreateOrderAsync(customer, Number(), "USD", 20m)).GetProperty("id").GetGuid();

        var legal = await api.Http.PutJsonAsync($"/api/v1/orders/{id}", new { status = "processing", tracking_number = "TRK-1" });
        Assert.True(legal.StatusCode == HttpStatusCode.OK, await legal.Content.ReadAsStringAsync());
        var processing = await legal.JsonAsync();
        Assert.Equal("processing", processing.GetProperty("status").GetString());
        Assert.Equal("TRK-1", processing.GetProperty("tracking_number").GetString());

        var illegal = await api.Http.PutJsonAsync($"/api/v1/orders/{id}", new { status = "delivered", notes = "skipped shipping" });
        Assert.Equal(HttpStatusCode.Conflict, illegal.StatusCode);
        var problem = await illegal.JsonAsync();
        Assert.Contains("allowed next: shipped, cancelled, refunded", Message(problem, "status"));
        var unchanged = await crm.GetAsync($"/api/v1/orders/{id}");
        Assert.Equal("processing", unchanged.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, unchanged.GetProperty("notes").ValueKind); // nothing half-written

        // Sending the status it already has is no move (a whole document sent back is fine); PATCH is the same update.
        var same = await api.Http.PutJsonAsync($"/api/v1/orders/{id}", new { status = "processing", total_amount = 20m });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        var patched = await api.Http.PatchAsJsonAsync($"/api/v1/orders/{id}", new { status = "shipped", carrier = "DHL" }, ApiNode.Json);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var shipped = await patched.JsonAsync();
        Assert.Equal("shipped", shipped.GetProperty("status").GetString());
        Assert.Equal("DHL", shipped.GetProperty("carrier").GetString());
        Assert.NotEqual(JsonValueKind.Null, shipped.GetProperty("shipped_at").ValueKind);

        // The total of a placed order does not change through an update.
        await AssertBadRequestAsync(await api.Http.PutJsonAsync($"/api/v1/orders/{id}", new { total_amount = 25m }), "total_amount");
    }

    private async Task<Guid> CustomerAsync() =>
        (await crm.CreateCustomerAsync($"shape-{Guid.NewGuid():N}@example.com", currency: "USD")).GetProperty("id").GetGuid();

    /// <summary>An order body in USD: the customer and number, plus the given fields.</summary>
    private static Dictionary<string, object?> Body(Guid customer, object fields)
    {
        var body = new Dictionary<string, object?> { ["customer_id"] = customer, ["order_number"] = Number(), ["currency"] = "USD" };
        foreach (var property in fields.GetType().GetProperties())
        {
            body[property.Name] = property.GetValue(fields);
        }

        return body;
    }

    private static async Task<JsonElement> AssertBadRequestAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var problem = await response.JsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), text);
        return problem;
    }

    private static string Message(JsonElement problem, string field) => problem.GetProperty("errors").GetProperty(field)[0].GetString()!;

    private static string Number() => $"#{Guid.NewGuid():N}"[..12];
}
