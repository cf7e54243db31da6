using System.Globalization;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Domain.Money;
using SimpleCrm.Domain.Reference;

namespace SimpleCrm.Data.Fx;

/// <summary>
/// The euro rate of <see cref="Currency"/> in effect on <see cref="RequestedDate"/>: the newest published
/// rate on or before it, which is from an earlier day on weekends and holidays (<see cref="IsFallback"/>).
/// </summary>
public sealed record FxQuote(string Currency, DateOnly RequestedDate, DateOnly RateDate, decimal UnitsPerEur)
{
    public bool IsFallback => RateDate != RequestedDate;
}

/// <summary>
/// An amount normalised to USD through the euro rates of its date. <see cref="From"/> and <see cref="Usd"/>
/// are the two quotes used; both are null when the amount was already in USD and no rate was involved.
/// </summary>
public sealed record FxConversion(decimal Amount, string Currency, DateOnly Date, decimal AmountUsd, FxQuote? From, FxQuote? Usd, string? Note)
{
    public bool IsFallback => From?.IsFallback == true || Usd?.IsFallback == true;

    /// <summary>The oldest rate date the result depends on (the requested date when no rate was needed).</summary>
    public DateOnly RateDate => new[] { From?.RateDate ?? Date, Usd?.RateDate ?? Date }.Min();
}

/// <summary>
/// Euro reference rates (table fx_rates): global reference data, so it is read and written on a shared
/// connection, not in a workspace session. Every rate is "units of the currency per euro"; EUR is the base
/// and has no rows.
/// </summary>
public sealed class FxRates(CrmDatabase database, FxQuoteCache cache)
{
    public const string Base = "EUR";

    /// <summary>
    /// PostgreSQL NOTIFY channel raised in the transaction that writes new or changed rates, so every API node (whatever
    /// process wrote them: a refresh, or an operator's <c>fx import</c>) restates the orders waiting for a rate.
    /// </summary>
    public const string ChangedChannel = "crm_fx_rates_changed";

    // One statement for any number of rates: the arrays travel as three parameters and unnest zips them.
    // Rows whose rate and source did not change are left alone, so a periodic refresh of the same file
    // writes (and counts) nothing.
    private const string UpsertSql = """
        insert into fx_rates (rate_date, currency, units_per_eur, source)
        select r.rate_date, r.currency, r.units_per_eur, @source
        from unnest(@dates, @currencies, @rates) as r (rate_date, currency, units_per_eur)
        on conflict (currency, rate_date) do update
            set units_per_eur = excluded.units_per_eur, source = excluded.source, loaded_at = now()
            where (fx_rates.units_per_eur, fx_rates.source) is distinct from (excluded.units_per_eur, excluded.source)
        """;

    // The emptiness check is part of the insert, so two processes starting together cannot both load it
    // over rates a refresh has just written; at worst both insert the same rows and one of them is a no-op.
    private const string InsertIfEmptySql = """
        insert into fx_rates (rate_date, currency, units_per_eur, source)
        select r.rate_date, r.currency, r.units_per_eur, @source
        from unnest(@dates, @currencies, @rates) as r (rate_date, currency, units_per_eur)
        where not exists (select 1 from fx_rates)
        on conflict (currency, rate_date) do nothing
        """;

    // The parameter is cast to char(3) so the comparison uses the primary key (bpchar = text would not).
    // trim_scale drops numeric(20,10)'s trailing zeros: 1.1580000000 comes back as 1.158.
    private const string QuoteSql = """
        select rate_date, trim_scale(units_per_eur) as units_per_eur
        from fx_rates
        where currency = @currency::char(3) and rate_date <= @date
        order by rate_date desc
        limit 1
        """;

    // One primary-key probe per currency instead of scanning every day of the history for the newest rows.
    private const string AllQuotesSql = """
        select c.currency, r.rate_date, trim_scale(r.units_per_eur) as units_per_eur
        from unnest(@currencies::char(3)[]) as c (currency)
        cross join lateral (
            select rate_date, units_per_eur
            from fx_rates
            where fx_rates.currency = c.currency and rate_date <= @date
            order by rate_date desc
            limit 1
        ) as r
        order by c.currency
        """;

    private static readonly string[] ListedCurrencies = Currencies.All.Where(c => c != Base).ToArray();

    /// <summary>
    /// Inserts or replaces the rates in one transaction; returns the rows inserted or changed. When any changed, it
    /// notifies <see cref="ChangedChannel"/> on commit.
    /// </summary>
    public async Task<int> UpsertAsync(IEnumerable<EcbRate> rates, string source, CancellationToken cancellationToken = default) =>
        await WriteAsync(UpsertSql, rates, source, cancellationToken, notify: true);

    /// <summary>Loads <see cref="EcbSnapshot"/> when fx_rates has no rows at all; returns the rows loaded.</summary>
    public async Task<int> LoadSnapshotIfEmptyAsync(CancellationToken cancellationToken = default) =>
        await WriteAsync(InsertIfEmptySql, EcbReferenceRates.Parse(EcbSnapshot.Xml), EcbSnapshot.Source, cancellationToken, notify: true);

    /// <summary>The rate in effect on <paramref name="date"/>, or null when none was published on or before it.</summary>
    /// <exception cref="ArgumentException"><paramref name="currency"/> is not three upper-case letters.</exception>
    public async Task<FxQuote?> GetAsync(string currency, DateOnly date, CancellationToken cancellationToken = default) =>
        await GetAsync(currency, date, fresh: false, cancellationToken);

    /// <summary>As <see cref="GetAsync(string, DateOnly, CancellationToken)"/>; <paramref name="fresh"/> reads the table, not the cache.</summary>
    public async Task<FxQuote?> GetAsync(string currency, DateOnly date, bool fresh, CancellationToken cancellationToken = default)
    {
        RequireCode(currency);
        if (currency == Base)
        {
            return new FxQuote(Base, date, date, 1m);
        }

        if (await FindAsync(currency, date, fresh, cancellationToken) is { } rate)
        {
            return new FxQuote(currency, date, rate.RateDate, rate.UnitsPerEur);
        }

        return PeggedCurrencies.UnitsPerUsd.TryGetValue(currency, out var perUsd) && await GetAsync("USD", date, fresh, cancellationToken) is { } usd
            ? new FxQuote(currency, date, usd.RateDate, usd.UnitsPerEur * perUsd)
            : null;
    }

    /// <summary>The newest rate row on or before the date, from the cache when it is listening for changes.</summary>
    private async Task<(DateOnly RateDate, decimal UnitsPerEur)?> FindAsync(string currency, DateOnly date, bool fresh, CancellationToken cancellationToken)
    {
        // A fresh read (a restatement: rates may have been written by hand) goes to the table and refreshes the cache.
        if (!fresh && cache.TryGet(currency, date, out var cached))
        {
            return cached;
        }

        var generation = cache.Generation;
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RateRow>(new CommandDefinition(
            QuoteSql, new { currency, date }, cancellationToken: cancellationToken));
        (DateOnly, decimal)? rate = row is null ? null : (row.RateDate, row.UnitsPerEur);
        cache.Remember(currency, date, rate, generation);
        return rate;
    }

    /// <summary>
    /// The rates of every active ISO 4217 currency that has one in effect on <paramref name="date"/>,
    /// ordered by currency. EUR, the base, is not listed.
    /// </summary>
    public async Task<IReadOnlyList<FxQuote>> GetAllAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        var rows = await connection.QueryAsync<RateRow>(new CommandDefinition(
            AllQuotesSql, new { currencies = ListedCurrencies, date }, cancellationToken: cancellationToken));
        return rows.Select(r => new FxQuote(r.Currency, date, r.RateDate, r.UnitsPerEur)).ToList();
    }

    /// <summary>
    /// Converts <paramref name="amount"/> to USD through the euro: amount ÷ (currency per EUR) × (USD per EUR),
    /// each rate the one in effect on <paramref name="date"/>, rounded commercially to cents. USD stays as it is.
    /// Null when either rate does not exist on or before the date.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="currency"/> is not three upper-case letters.</exception>
    public async Task<FxConversion?> ToUsdAsync(decimal amount, string currency, DateOnly date, CancellationToken cancellationToken = default) =>
        await ToUsdAsync(amount, currency, date, fresh: false, cancellationToken);

    /// <summary>As <see cref="ToUsdAsync(decimal, string, DateOnly, CancellationToken)"/>; <paramref name="fresh"/> reads the table, not the cache.</summary>
    public async Task<FxConversion?> ToUsdAsync(decimal amount, string currency, DateOnly date, bool fresh, CancellationToken cancellationToken = default)
    {
        RequireCode(currency);
        if (currency == "USD")
        {
            return new FxConversion(amount, currency, date, amount, null, null, null);
        }

        var from = await GetAsync(currency, date, fresh, cancellationToken);
        var usd = from is null ? null : await GetAsync("USD", date, fresh, cancellationToken);
        if (from is null || usd is null)
        {
            return null;
        }

        // Multiplying before dividing leaves the single inexact step (the division) to the end, where
        // decimal still has 28 significant digits, so the cent rounding sees the true value.
        var amountUsd = MoneyRounding.Round(amount * usd.UnitsPerEur / from.UnitsPerEur, "USD");
        return new FxConversion(amount, currency, date, amountUsd, from, usd, DescribeFallback(date, from, usd));
    }

    /// <summary>"No JPY rate for 2026-11-22; used 2026-11-20." for every quote that came from an earlier day.</summary>
    private static string? DescribeFallback(DateOnly date, params FxQuote[] quotes)
    {
        var sentences = quotes
            .Where(q => q.IsFallback)
            .GroupBy(q => q.RateDate)
            .OrderByDescending(g => g.Key)
            .Select(g => $"No {string.Join(" or ", g.Select(q => q.Currency))} rate for {Iso(date)}; used {Iso(g.Key)}.")
            .ToList();
        return sentences.Count > 0 ? string.Join(" ", sentences) : null;
    }

    private async Task<int> WriteAsync(string sql, IEnumerable<EcbRate> rates, string source, CancellationToken cancellationToken, bool notify = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);

        // A statement may touch a row only once; if the input names a day twice, the last rate wins.
        var unique = rates.GroupBy(r => (r.Currency, r.Date)).Select(g => g.Last()).ToList();
        if (unique.Count == 0)
        {
            return 0;
        }

        await using var connection = await database.OpenSharedAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<DateOnly[]>("dates", NpgsqlDbType.Array | NpgsqlDbType.Date) { TypedValue = unique.Select(r => r.Date).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]>("currencies", NpgsqlDbType.Array | NpgsqlDbType.Char) { TypedValue = unique.Select(r => r.Currency).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<decimal[]>("rates", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { TypedValue = unique.Select(r => r.UnitsPerEur).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string>("source", NpgsqlDbType.Text) { TypedValue = source });
        var written = await command.ExecuteNonQueryAsync(cancellationToken);
        if (notify && written > 0)
        {
            // Delivered only if the transaction commits, so listeners never see rates that are not there.
            await using var notification = new NpgsqlCommand($"select pg_notify('{ChangedChannel}', '')", connection, transaction);
            await notification.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (written > 0)
        {
            // This process need not wait for its own notification to stop trusting what it cached.
            cache.Invalidate();
        }

        return written;
    }

    private static void RequireCode(string currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException($"'{currency}' is not a three-letter currency code.", nameof(currency));
        }
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>One fx_rates row as Dapper reads it.</summary>
    private sealed class RateRow
    {
        public string Currency { get; set; } = "";
        public DateOnly RateDate { get; set; }
        public decimal UnitsPerEur { get; set; }
    }
}
