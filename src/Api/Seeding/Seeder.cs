using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using SimpleCrm.Data.Fx;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Domain.Money;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Seeding;

/// <summary>
/// ./crm seed --customers N --orders M: bulk-loads a realistic shop with PostgreSQL binary COPY (not API calls),
/// computing each customer's metrics from its generated orders on the way, so rows and grains agree.
/// Seeded rows carry no audit or outbox entries: they are test data, not changes anyone made.
/// </summary>
public sealed class Seeder(CrmDatabase database, FxRates fx, ILogger<Seeder> logger)
{
    private const int Batch = 50_000;

    public async Task RunAsync(WorkspaceId workspace, int customers, int orders, int seed, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var shop = new SyntheticShop(seed);
        var usdPerEur = (await fx.GetAsync("USD", DateOnly.MaxValue, cancellationToken))?.UnitsPerEur ?? 1.08m;
        var rates = new Dictionary<string, (decimal PerEur, DateOnly Date)>();
        foreach (var market in SyntheticShop.Markets)
        {
            var quote = await fx.GetAsync(market.Currency, DateOnly.MaxValue, cancellationToken);
            rates[market.Currency] = (quote?.UnitsPerEur ?? 1m, quote?.RateDate ?? DateOnly.FromDateTime(DateTime.UtcNow));
        }

        var now = DateTime.UtcNow;
        var run = Guid.NewGuid().ToString("N")[..6]; // keeps emails and order numbers unique across seed runs
        var ordersLeft = orders;
        for (var start = 0; start < customers; start += Batch)
        {
            var count = Math.Min(Batch, customers - start);
            // Spread the orders evenly over the remaining customers, at random.
            var ordersThisBatch = (int)Math.Round((double)ordersLeft * count / (customers - start));
            ordersLeft -= ordersThisBatch;
            var perCustomer = new int[count];
            for (var i = 0; i < ordersThisBatch; i++)
            {
                perCustomer[shop.Random.Next(count)]++;
            }

            await using var session = await database.BeginAsync(workspace, cancellationToken);
            // COPY cannot write into tables under row-level security; stage in temp tables, then insert (checked by RLS).
            await session.ExecuteAsync("""
                create temp table seed_customers (like customers including defaults) on commit drop;
                create temp table seed_orders (like orders including defaults) on commit drop;
                create temp table seed_order_items (like order_items including defaults) on commit drop;
                """, cancellationToken: cancellationToken);
            await using (var customerCopy = await session.CopyAsync(CustomerCopy, cancellationToken))
            await using (var orderCopy = new OrderCopy(session))
            {
                for (var i = 0; i < count; i++)
                {
                    var number = start + i;
                    var (market, first, last) = shop.Person();
                    var id = Guid.CreateVersion7();
                    var createdAt = now.AddMinutes(-shop.Random.Next(2 * 365 * 24 * 60));
                    var (perEur, rateDate) = rates[market.Currency];
                    decimal ltv = 0, ltvUsd = 0;
                    var counted = 0;
                    DateTime? firstOrder = null, lastOrder = null;
                    for (var o = 0; o < perCustomer[i]; o++)
                    {
                        var orderedAt = createdAt.AddMinutes(shop.Random.Next(Math.Max(1, (int)(now - createdAt).TotalMinutes)));
                        var quantity = shop.Random.Next(1, 4);
                        var unit = MoneyRounding.Round(market.TypicalPrice * (decimal)(0.4 + shop.Random.NextDouble() * 1.6), market.Currency);
                        var total = MoneyRounding.Round(unit * quantity, market.Currency);
                        var totalUsd = MoneyRounding.Round(total * usdPerEur / perEur, "USD");
                        var status = shop.OrderStatus();
                        await orderCopy.WriteAsync(workspace.Value, id, $"S{run}-{number:D8}-{o:D3}", status, market, total, totalUsd, rateDate, orderedAt, unit, quantity, shop.Product(), cancellationToken);
                        if (status is not ("cancelled" or "refunded"))
                        {
                            ltv += total;
                            ltvUsd += totalUsd;
                            counted++;
                            firstOrder = firstOrder is null || orderedAt < firstOrder ? orderedAt : firstOrder;
                            lastOrder = lastOrder is null || orderedAt > lastOrder ? orderedAt : lastOrder;
                        }
                    }

                    await customerCopy.StartRowAsync(cancellationToken);
                    await customerCopy.WriteAsync(workspace.Value, NpgsqlDbType.Uuid, cancellationToken);
                    await customerCopy.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
                    await customerCopy.WriteAsync(first, NpgsqlDbType.Text, cancellationToken);
                    await customerCopy.WriteAsync(last, NpgsqlDbType.Text, cancellationToken);
                    await customerCopy.WriteAsync($"{SyntheticShop.Ascii(first)}.{SyntheticShop.Ascii(last)}.{run}{number}@example.com", NpgsqlDbType.Text, cancellationToken);
                    await customerCopy.WriteAsync(market.Country, NpgsqlDbType.Char, cancellationToken);
                    await customerCopy.WriteAsync(market.Cities[shop.Random.Next(market.Cities.Length)], NpgsqlDbType.Text, cancellationToken);
                    await customerCopy.WriteAsync(market.Timezone, NpgsqlDbType.Text, cancellationToken);
                    await customerCopy.WriteAsync(market.Language, NpgsqlDbType.Text, cancellationToken);
                    await customerCopy.WriteAsync(market.Currency, NpgsqlDbType.Char, cancellationToken);
                    await customerCopy.WriteAsync(shop.Status(), NpgsqlDbType.Text, cancellationToken);
                    await customerCopy.WriteAsync(shop.SomeTags(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                    await customerCopy.WriteAsync(ltv, NpgsqlDbType.Numeric, cancellationToken);
                    await customerCopy.WriteAsync(ltvUsd, NpgsqlDbType.Numeric, cancellationToken);
                    await customerCopy.WriteAsync(counted, NpgsqlDbType.Integer, cancellationToken);
                    await customerCopy.WriteAsync(counted == 0 ? 0 : MoneyRounding.Round(ltv / counted, market.Currency), NpgsqlDbType.Numeric, cancellationToken);
                    await customerCopy.WriteAsync(counted == 0 ? 0 : MoneyRounding.Round(ltvUsd / counted, "USD"), NpgsqlDbType.Numeric, cancellationToken);
                    await WriteNullableAsync(customerCopy, firstOrder, cancellationToken);
                    await WriteNullableAsync(customerCopy, lastOrder, cancellationToken);
                    await customerCopy.WriteAsync(createdAt, NpgsqlDbType.TimestampTz, cancellationToken);
                    await customerCopy.WriteAsync(createdAt, NpgsqlDbType.TimestampTz, cancellationToken);
                    await customerCopy.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
                }

                await customerCopy.CompleteAsync(cancellationToken);
                await customerCopy.DisposeAsync(); // frees the connection for the next COPY
                await orderCopy.CompleteAsync(cancellationToken);
            }

            // Customers first: orders reference them.
            await session.ExecuteLongAsync($"""
                insert into customers ({CustomerColumns}) select {CustomerColumns} from seed_customers;
                insert into orders ({OrderColumns}) select {OrderColumns} from seed_orders;
                insert into order_items ({ItemColumns}) select {ItemColumns} from seed_order_items;
                """, cancellationToken: cancellationToken);

            await session.CommitAsync(cancellationToken);
            logger.LogInformation("Seeded {Customers} customers so far ({Elapsed:F0} s)", start + count, clock.Elapsed.TotalSeconds);
        }

        // VACUUM, not only ANALYZE: it also marks the new pages all-visible, which the search's index-only walks need
        // (migration 0013); autovacuum would otherwise reach a bulk load only later.
        await using var vacuum = await database.OpenSharedAsync(cancellationToken);
        await using var command = new NpgsqlCommand("vacuum (analyze) customers, customer_search, orders, order_items", vacuum);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
        logger.LogInformation("Seeded {Customers} customers and {Orders} orders in {Elapsed:F0} s", customers, orders, clock.Elapsed.TotalSeconds);
    }

    private const string CustomerColumns = """
        workspace_id, id, first_name, last_name, email, country_code, city, timezone, language, currency, status, tags,
            lifetime_value, lifetime_value_usd, total_orders, average_order_value, average_order_value_usd, first_order_date, last_order_date,
            created_at, updated_at, version
        """;

    private const string OrderColumns = """
        workspace_id, id, customer_id, order_number, status, payment_status, currency, subtotal_amount, total_amount,
            refunded_amount, total_amount_usd, refunded_amount_usd, fx_rate_date, shipping_country, source, ordered_at,
            shipped_at, delivered_at, cancelled_at, created_at, updated_at, version
        """;

    private const string ItemColumns = "workspace_id, order_id, position, id, product_id, product_name, quantity, unit_price, total_price";

    private static readonly string CustomerCopy = $"copy seed_customers ({CustomerColumns}) from stdin (format binary)";

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, DateTime? value, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value.Value, NpgsqlDbType.TimestampTz, cancellationToken);

    /// <summary>Orders and their (single) item, buffered to temp tables by COPY and moved once the customers exist.</summary>
    private sealed class OrderCopy(WorkspaceSession session) : IAsyncDisposable
    {
        private NpgsqlBinaryImporter? orders;
        private NpgsqlBinaryImporter? items;
        private readonly List<(Guid Order, string Product, int Quantity, decimal Unit, decimal Total)> pendingItems = [];
        private readonly List<object[]> pendingOrders = [];

        public Task WriteAsync(Guid workspace, Guid customer, string number, string status, SyntheticShop.Market market, decimal total, decimal totalUsd, DateOnly rateDate, DateTime orderedAt, decimal unit, int quantity, string product, CancellationToken cancellationToken)
        {
            var id = Guid.CreateVersion7();
            pendingOrders.Add([workspace, id, customer, number, status, market, total, totalUsd, rateDate, orderedAt]);
            pendingItems.Add((id, product, quantity, unit, total));
            return Task.CompletedTask;
        }

        public async Task CompleteAsync(CancellationToken cancellationToken)
        {
            orders = await session.CopyAsync($"copy seed_orders ({OrderColumns}) from stdin (format binary)", cancellationToken);
            foreach (var row in pendingOrders)
            {
                var (status, market, total, totalUsd, orderedAt) = ((string)row[4], (SyntheticShop.Market)row[5], (decimal)row[6], (decimal)row[7], (DateTime)row[9]);
                await orders.StartRowAsync(cancellationToken);
                await orders.WriteAsync((Guid)row[0], NpgsqlDbType.Uuid, cancellationToken);
                await orders.WriteAsync((Guid)row[1], NpgsqlDbType.Uuid, cancellationToken);
                await orders.WriteAsync((Guid)row[2], NpgsqlDbType.Uuid, cancellationToken);
                await orders.WriteAsync((string)row[3], NpgsqlDbType.Text, cancellationToken);
                await orders.WriteAsync(status, NpgsqlDbType.Text, cancellationToken);
                await orders.WriteAsync(status switch { "pending" => "pending", "cancelled" => "voided", "refunded" => "refunded", _ => "paid" }, NpgsqlDbType.Text, cancellationToken);
                await orders.WriteAsync(market.Currency, NpgsqlDbType.Char, cancellationToken);
                await orders.WriteAsync(total, NpgsqlDbType.Numeric, cancellationToken);
                await orders.WriteAsync(total, NpgsqlDbType.Numeric, cancellationToken);
                await orders.WriteAsync(status == "refunded" ? total : 0m, NpgsqlDbType.Numeric, cancellationToken);
                await orders.WriteAsync(totalUsd, NpgsqlDbType.Numeric, cancellationToken);
                await orders.WriteAsync(status == "refunded" ? totalUsd : 0m, NpgsqlDbType.Numeric, cancellationToken);
                await orders.WriteAsync((DateOnly)row[8], NpgsqlDbType.Date, cancellationToken);
                await orders.WriteAsync(market.Country, NpgsqlDbType.Char, cancellationToken);
                await orders.WriteAsync("website", NpgsqlDbType.Text, cancellationToken);
                await orders.WriteAsync(orderedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await WriteNullableAsync(orders, status is "shipped" or "delivered" or "refunded" ? orderedAt.AddDays(1) : null, cancellationToken);
                await WriteNullableAsync(orders, status is "delivered" or "refunded" ? orderedAt.AddDays(4) : null, cancellationToken);
                await WriteNullableAsync(orders, status == "cancelled" ? orderedAt.AddHours(2) : null, cancellationToken);
                await orders.WriteAsync(orderedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await orders.WriteAsync(orderedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await orders.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
            }

            await orders.CompleteAsync(cancellationToken);
            await orders.DisposeAsync();
            orders = null;

            var workspace = pendingOrders.Count > 0 ? (Guid)pendingOrders[0][0] : Guid.Empty;
            items = await session.CopyAsync($"copy seed_order_items ({ItemColumns}) from stdin (format binary)", cancellationToken);
            foreach (var item in pendingItems)
            {
                await items.StartRowAsync(cancellationToken);
                await items.WriteAsync(workspace, NpgsqlDbType.Uuid, cancellationToken);
                await items.WriteAsync(item.Order, NpgsqlDbType.Uuid, cancellationToken);
                await items.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
                await items.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, cancellationToken);
                await items.WriteAsync(SyntheticShop.Ascii(item.Product), NpgsqlDbType.Text, cancellationToken);
                await items.WriteAsync(item.Product, NpgsqlDbType.Text, cancellationToken);
                await items.WriteAsync(item.Quantity, NpgsqlDbType.Integer, cancellationToken);
                await items.WriteAsync(item.Unit, NpgsqlDbType.Numeric, cancellationToken);
                await items.WriteAsync(item.Total, NpgsqlDbType.Numeric, cancellationToken);
            }

            await items.CompleteAsync(cancellationToken);
            await items.DisposeAsync();
            items = null;
        }

        public async ValueTask DisposeAsync()
        {
            if (orders is not null)
            {
                await orders.DisposeAsync();
            }

            if (items is not null)
            {
                await items.DisposeAsync();
            }
        }
    }
}
