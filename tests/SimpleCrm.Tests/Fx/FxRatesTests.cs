using Dapper;
using SimpleCrm.Data.Fx;
using Microsoft.Extensions.Logging.Abstractions;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Fx;

/// <summary>
/// fx_rates against real PostgreSQL: a fresh migrated database per test. Rates are read through a cache that listens
/// for changes, as in the running product, so every test also checks that the cache never answers stale.
/// </summary>
public sealed class FxRatesTests : IAsyncLifetime
{
    private static readonly DateOnly Thursday = new(2026, 11, 19);
    private static readonly DateOnly Friday = new(2026, 11, 20);
    private static readonly DateOnly Sunday = new(2026, 11, 22);
    private static readonly DateOnly Monday = new(2026, 11, 23);

    private readonly TestDatabase database = new();
    private readonly List<FxRatesChangeListener> listeners = [];
    private FxRates fx = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        fx = await ListeningRatesAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var listener in listeners)
        {
            await listener.StopAsync(CancellationToken.None);
        }

        await database.DisposeAsync();
    }

    /// <summary>An FxRates with its own cache and change listener, like one process of the cluster.</summary>
    private async Task<FxRates> ListeningRatesAsync(FxQuoteCache? cache = null)
    {
        cache ??= new FxQuoteCache();
        var listener = new FxRatesChangeListener(database.Database, cache, new FxRatesChanged(), NullLogger<FxRatesChangeListener>.Instance);
        listeners.Add(listener);
        await listener.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => cache.IsActive, "the change listener is connected");
        return new FxRates(database.Database, cache);
    }

    [Fact]
    public async Task A_rate_cached_by_one_process_is_replaced_when_another_process_writes_a_new_one()
    {
        await SeedAsync();
        var cache = new FxQuoteCache();
        var otherProcess = await ListeningRatesAsync(cache);
        Assert.Equal(Friday, (await otherProcess.GetAsync("JPY", Sunday))!.RateDate);

        // Changed behind the cache's back (no notification): the cached answer stands, so the cache is really used.
        await using (var connection = await database.Database.OpenSharedAsync())
        {
            await connection.ExecuteAsync("update fx_rates set units_per_eur = 190 where currency = 'JPY' and rate_date = @Friday", new { Friday });
        }

        Assert.Equal(181.20m, (await otherProcess.GetAsync("JPY", Sunday))!.UnitsPerEur);

        // A rate written the product's way notifies every process on commit.
        await fx.UpsertAsync([new(Sunday, "JPY", 182.5m)], "operator");
        await Eventually.TrueAsync(async () => (await otherProcess.GetAsync("JPY", Sunday))!.RateDate == Sunday, "the other process sees the new rate");
        Assert.Equal(190m, (await otherProcess.GetAsync("JPY", Friday))!.UnitsPerEur);
    }

    [Fact]
    public async Task Without_a_listener_the_cache_is_bypassed()
    {
        await SeedAsync();
        var unlistened = new FxRates(database.Database, new FxQuoteCache());
        Assert.Equal(181.20m, (await unlistened.GetAsync("JPY", Friday))!.UnitsPerEur);
        await using (var connection = await database.Database.OpenSharedAsync())
        {
            await connection.ExecuteAsync("update fx_rates set units_per_eur = 190 where currency = 'JPY' and rate_date = @Friday", new { Friday });
        }

        Assert.Equal(190m, (await unlistened.GetAsync("JPY", Friday))!.UnitsPerEur);
    }

    [Fact]
    public async Task Upserted_rates_are_found_on_their_exact_date()
    {
        var written = await fx.UpsertAsync(EcbReferenceRates.Parse(EcbXml.Of(
            ("2026-11-20", "USD 1.1628 JPY 181.20"),
            ("2026-11-19", "USD 1.1605 JPY 180.95"))), "test");

        Assert.Equal(4, written);
        var quote = await fx.GetAsync("JPY", Thursday);
        Assert.Equal(new FxQuote("JPY", Thursday, Thursday, 180.95m), quote);
        Assert.False(quote!.IsFallback);
        Assert.Equal(1.1628m, (await fx.GetAsync("USD", Friday))!.UnitsPerEur);
    }

    [Fact]
    public async Task Upserting_replaces_changed_rates_and_leaves_unchanged_ones_alone()
    {
        await fx.UpsertAsync([new(Friday, "USD", 1.16m), new(Friday, "JPY", 181m)], "ecb-snapshot");

        var unchanged = await fx.UpsertAsync([new(Friday, "USD", 1.16m), new(Friday, "JPY", 181m)], "ecb-snapshot");
        var changed = await fx.UpsertAsync([new(Friday, "USD", 1.1612m), new(Friday, "JPY", 181m)], "ecb");

        Assert.Equal(0, unchanged);
        Assert.Equal(2, changed); // USD's rate and JPY's source changed
        Assert.Equal(1.1612m, (await fx.GetAsync("USD", Friday))!.UnitsPerEur);
        Assert.Equal(["ecb", "ecb"], await SourcesAsync());
    }

    [Fact]
    public async Task A_day_named_twice_in_one_upsert_keeps_the_last_rate()
    {
        Assert.Equal(1, await fx.UpsertAsync([new(Friday, "USD", 1.10m), new(Friday, "USD", 1.20m)], "test"));
        Assert.Equal(1.20m, (await fx.GetAsync("USD", Friday))!.UnitsPerEur);
    }

    [Fact]
    public async Task A_weekend_uses_the_newest_earlier_rate_and_says_so()
    {
        await SeedAsync();

        var quote = await fx.GetAsync("JPY", Sunday);

        Assert.Equal(new FxQuote("JPY", Sunday, Friday, 181.20m), quote);
        Assert.True(quote!.IsFallback);

        var conversion = await fx.ToUsdAsync(1000m, "JPY", Sunday);
        Assert.NotNull(conversion);
        Assert.True(conversion.IsFallback);
        Assert.Equal(Friday, conversion.RateDate);
        Assert.Equal("No JPY or USD rate for 2026-11-22; used 2026-11-20.", conversion.Note);
    }

    [Fact]
    public async Task The_note_names_only_the_currency_that_fell_back()
    {
        await SeedAsync();
        await fx.UpsertAsync([new(Monday, "USD", 1.17m)], "test");

        var conversion = await fx.ToUsdAsync(1000m, "JPY", Monday);

        Assert.NotNull(conversion);
        Assert.True(conversion.IsFallback);
        Assert.False(conversion.Usd!.IsFallback);
        Assert.True(conversion.From!.IsFallback);
        Assert.Equal("No JPY rate for 2026-11-23; used 2026-11-20.", conversion.Note);
        Assert.Equal(6.46m, conversion.AmountUsd); // 1000 × 1.17 ÷ 181.20 = 6.4569…
    }

    [Fact]
    public async Task Before_the_first_published_rate_there_is_no_quote_and_no_conversion()
    {
        await SeedAsync();
        var before = Thursday.AddDays(-1);

        Assert.Null(await fx.GetAsync("JPY", before));
        Assert.Null(await fx.ToUsdAsync(1000m, "JPY", before));
        Assert.Null(await fx.ToUsdAsync(10m, "EUR", before)); // EUR needs no rate, but USD does
        Assert.Null(await fx.GetAsync("CHF", Friday)); // never published at all
    }

    [Fact]
    public async Task EUR_is_always_one_without_any_row()
    {
        var quote = await fx.GetAsync("EUR", Sunday);

        Assert.Equal(new FxQuote("EUR", Sunday, Sunday, 1m), quote);
        Assert.False(quote!.IsFallback);
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task JPY_converts_to_USD_through_the_euro_rounded_commercially_to_cents()
    {
        // Rates chosen so the exact result is a half cent: 1357 × 1.25 ÷ 250 = 6.785.
        await fx.UpsertAsync([new(Friday, "USD", 1.25m), new(Friday, "JPY", 250m)], "test");

        var conversion = await fx.ToUsdAsync(1357m, "JPY", Friday);
        var refund = await fx.ToUsdAsync(-1357m, "JPY", Friday);

        Assert.NotNull(conversion);
        Assert.Equal(6.79m, conversion.AmountUsd); // banker's rounding would say 6.78
        Assert.Equal(-6.79m, refund!.AmountUsd);
        Assert.False(conversion.IsFallback);
        Assert.Null(conversion.Note);
        Assert.Equal(new FxQuote("JPY", Friday, Friday, 250m), conversion.From);
        Assert.Equal(new FxQuote("USD", Friday, Friday, 1.25m), conversion.Usd);
    }

    [Fact]
    public async Task JPY_converts_at_realistic_rates()
    {
        await fx.UpsertAsync([new(Friday, "USD", 1.1438m), new(Friday, "JPY", 180.23m)], "test");

        // 12345 × 1.1438 ÷ 180.23 = 78.3455085…
        Assert.Equal(78.35m, (await fx.ToUsdAsync(12345m, "JPY", Friday))!.AmountUsd);
    }

    [Fact]
    public async Task EUR_converts_to_USD_at_the_USD_rate()
    {
        await fx.UpsertAsync([new(Friday, "USD", 1.1m)], "test");

        var conversion = await fx.ToUsdAsync(0.15m, "EUR", Friday);

        Assert.NotNull(conversion);
        Assert.Equal(0.17m, conversion.AmountUsd); // 0.165 rounds away from zero
        Assert.Equal(1m, conversion.From!.UnitsPerEur);
        Assert.Equal(110m, (await fx.ToUsdAsync(100m, "EUR", Friday))!.AmountUsd);
    }

    [Fact]
    public async Task USD_stays_as_it_is_without_any_rate()
    {
        var conversion = await fx.ToUsdAsync(10.5m, "USD", Sunday);

        Assert.Equal(new FxConversion(10.5m, "USD", Sunday, 10.5m, null, null, null), conversion);
        Assert.False(conversion!.IsFallback);
        Assert.Equal(Sunday, conversion.RateDate);
    }

    [Fact]
    public async Task A_malformed_currency_code_is_an_argument_error()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => fx.GetAsync("jpy", Friday));
        await Assert.ThrowsAsync<ArgumentException>(() => fx.ToUsdAsync(1m, "JPYX", Friday));
    }

    [Fact]
    public async Task The_snapshot_loads_into_an_empty_table_once()
    {
        var loaded = await fx.LoadSnapshotIfEmptyAsync();
        var again = await fx.LoadSnapshotIfEmptyAsync();

        Assert.Equal(EcbReferenceRates.Parse(EcbSnapshot.Xml).Count, loaded);
        Assert.Equal(290, loaded); // 10 days × 29 currencies
        Assert.Equal(0, again);
        Assert.Equal(290, await CountAsync());
        Assert.Equal(["ecb-snapshot"], (await SourcesAsync()).Distinct());
        Assert.Equal(1.1580m, (await fx.GetAsync("USD", new DateOnly(2026, 11, 28)))!.UnitsPerEur);
    }

    [Fact]
    public async Task The_snapshot_never_loads_over_existing_rates()
    {
        await fx.UpsertAsync([new(Friday, "USD", 1.5m)], "ecb");

        Assert.Equal(0, await fx.LoadSnapshotIfEmptyAsync());
        Assert.Equal(1, await CountAsync());
        Assert.Equal(1.5m, (await fx.GetAsync("USD", Friday))!.UnitsPerEur);
    }

    [Fact]
    public async Task All_rates_on_a_date_are_the_newest_per_currency_with_their_fallback_flag()
    {
        await SeedAsync();
        await fx.UpsertAsync([new(Monday, "USD", 1.17m), new(Thursday, "GBP", 0.88m)], "test");

        var monday = await fx.GetAllAsync(Monday);

        Assert.Equal(
            [
                new FxQuote("GBP", Monday, Thursday, 0.88m),
                new FxQuote("JPY", Monday, Friday, 181.20m),
                new FxQuote("USD", Monday, Monday, 1.17m),
            ],
            monday);
        Assert.Equal([true, true, false], monday.Select(q => q.IsFallback));
        Assert.Empty(await fx.GetAllAsync(Thursday.AddDays(-1)));
    }

    [Fact]
    public async Task The_table_refuses_rates_that_are_not_positive()
    {
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => fx.UpsertAsync([new(Friday, "USD", 0m)], "test"));
        Assert.Equal(Npgsql.PostgresErrorCodes.CheckViolation, refused.SqlState);
    }

    private Task SeedAsync() => fx.UpsertAsync(EcbReferenceRates.Parse(EcbXml.Of(
        ("2026-11-20", "USD 1.1628 JPY 181.20"),
        ("2026-11-19", "USD 1.1605 JPY 180.95"))), "test");

    private async Task<long> CountAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from fx_rates");
    }

    private async Task<List<string>> SourcesAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>("select source from fx_rates order by currency, rate_date")).ToList();
    }
}
