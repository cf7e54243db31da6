using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Data.Fx;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Orders;

/// <summary>New rates never change history silently; an admin's restatement does, through each order's grain.</summary>
public sealed class RestateTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly CrmApiClient crm = new(api.Http);

    [Fact]
    public async Task A_corrected_rate_changes_orders_only_when_restated_and_the_customer_metrics_follow()
    {
        var customer = (await crm.CreateCustomerAsync($"restate-{Guid.NewGuid():N}@example.com", currency: "USD")).GetProperty("id").GetGuid();
        var order = await crm.CreateOrderAsync(customer, $"#{Guid.NewGuid():N}"[..12], "GBP", 100m, orderedAt: "2026-11-20T10:00:00Z");
        var id = order.GetProperty("id").GetGuid();
        var before = order.GetProperty("total_amount_usd").GetDecimal();

        // A corrected GBP rate for that day arrives (GBP twice as strong as before).
        var fx = api.Node.Services.GetRequiredService<FxRates>();
        var gbp = (await fx.GetAsync("GBP", new DateOnly(2026, 11, 20)))!;
        await fx.UpsertAsync([new EcbRate(new DateOnly(2026, 11, 20), "GBP", gbp.UnitsPerEur / 2)], "test-correction");

        Assert.Equal(before, (await crm.GetAsync($"/api/v1/orders/{id}")).GetProperty("total_amount_usd").GetDecimal()); // nothing silent

        var response = await api.Http.PostAsJsonAsync("/api/v1/fx/restate", new { from = "2026-11-20", to = "2026-11-20", currency = "GBP" }, ApiNode.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("restated").GetInt32() >= 1);

        var after = (await crm.GetAsync($"/api/v1/orders/{id}")).GetProperty("total_amount_usd").GetDecimal();
        Assert.InRange(after, before * 2 - 0.02m, before * 2 + 0.02m);
        Assert.Equal(after, (await crm.GetAsync($"/api/v1/customers/{customer}")).GetProperty("lifetime_value_usd").GetDecimal());
    }

    [Fact]
    public async Task A_bad_restatement_request_is_400()
    {
        var response = await api.Http.PostAsJsonAsync("/api/v1/fx/restate", new { from = "2026-11-21", to = "2026-11-20" }, ApiNode.Json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("from", out _));
    }
}
