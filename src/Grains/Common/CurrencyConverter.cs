using Microsoft.Extensions.Logging;
using SimpleCrm.Data.Fx;
using SimpleCrm.Contracts.Orders;
using SimpleCrm.Grains.Orders;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Grains.Common;

/// <summary>
/// Converts order amounts for customer metrics kept in the customer's currency: through the order's USD value
/// at the ECB rates of the order's date (nearest earlier date when that day has none).
/// </summary>
public sealed class CurrencyConverter(FxRates fx, ILogger<CurrencyConverter> logger)
{
    /// <summary>The order's net amount in the customer's currency; 0 while the order's USD value is pending.</summary>
    public async Task<decimal> FromOrderAsync(OrderFact order, string customerCurrency)
    {
        if (order.NetAmountUsd is not { } netUsd)
        {
            return 0m;
        }

        if (order.Currency == customerCurrency)
        {
            return order.NetAmount;
        }

        if (customerCurrency == "USD")
        {
            return netUsd;
        }

        var date = DateOnly.FromDateTime(order.OrderedAt.UtcDateTime);
        var usd = await NearestAsync("USD", date);
        var target = await NearestAsync(customerCurrency, date);
        if (usd is null || target is null)
        {
            logger.LogWarning("No {Currency} rate: order {OrderId} is left out of the customer-currency metrics", customerCurrency, order.OrderId);
            return 0m;
        }

        return netUsd / usd.UnitsPerEur * target.UnitsPerEur;
    }

    /// <summary>The rate on or before the date, else the newest there is (history older than the rate table).</summary>
    public async Task<FxQuote?> NearestAsync(string currency, DateOnly date) =>
        await fx.GetAsync(currency, date) ?? await fx.GetAsync(currency, DateOnly.MaxValue);

    /// <summary>
    /// USD value of an order total; falls back to the newest rate for orders older than the rate table. <paramref name="fresh"/>
    /// reads the rate table itself rather than the cache (a restatement at the rates now stored).
    /// </summary>
    public async Task<FxConversion?> ToUsdAsync(decimal amount, string currency, DateOnly date, bool fresh = false) =>
        await fx.ToUsdAsync(amount, currency, date, fresh) ?? await fx.ToUsdAsync(amount, currency, DateOnly.MaxValue, fresh);
}
