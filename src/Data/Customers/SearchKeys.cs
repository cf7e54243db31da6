using Dapper;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Data.Customers;

/// <summary>
/// The keys of customer_search rows (crm_search_keys, migration 0012) that a search's filter requires, as conditions
/// on <c>keys</c> that the GIN index intersects with the term in one scan. Each key starts with the workspace, so a
/// scan never touches another workspace's rows. The key formats here and in the migration must agree.
/// </summary>
public static class SearchKeys
{
    /// <summary>Whether every filter beside the search is expressed by keys (so a scan on keys alone is exact).</summary>
    public static bool CoverAllFilters(CustomerFilter filter) =>
        filter.Ids.Count == 0 && filter.CustomFields.Count == 0 && filter.OrderNumberMatches.Count == 0
        && filter.LifetimeValueUsdAtLeast is null && filter.LifetimeValueUsdAtMost is null && filter.OrdersAtLeast is null
        && filter.CreatedAfter is null && filter.CreatedBefore is null;

    /// <summary>
    /// Whether the filter has a key that usually holds a small share of the workspace: a country, a tag, an owner or a
    /// custom field's value.
    /// A status does not (most customers are active).
    /// </summary>
    public static bool HasSelectiveKey(CustomerFilter filter) =>
        filter.Countries.Count > 0 || filter.Tags.Count > 0 || filter.OwnerId is not null || filter.VisibleToOwner is not null
        || filter.CustomFields.Count > 0;

    /// <summary>Whether the filter has any key beside the workspace's.</summary>
    public static bool HasKey(CustomerFilter filter) => HasSelectiveKey(filter) || filter.Statuses.Count > 0;

    /// <summary>
    /// The conditions on the row aliased <paramref name="alias"/> for the filter's owner, tags and custom fields (all of them), countries
    /// and statuses (any of them), binding their parameters. When none applies and the term names no key of its own
    /// (<paramref name="termKeyed"/>), the workspace's key keeps the scan to the workspace: every other key starts with
    /// the workspace already, and the bare workspace key, the largest of all, costs a few milliseconds to intersect.
    /// </summary>
    public static string Conditions(string alias, Guid workspace, CustomerFilter filter, DynamicParameters parameters, bool termKeyed, string[]? createdKeys = null)
    {
        var prefix = workspace.ToString("D");
        var required = filter.Tags.Select(tag => $"{prefix}/t:{tag}")
            .Concat(new[] { filter.OwnerId, filter.VisibleToOwner }.OfType<Guid>().Select(owner => $"{prefix}/o:{owner:D}"))
            .Concat(CustomFieldKeys(prefix, filter.CustomFields))
            .ToList();
        var lifetimeValueKeys = ValueKeys(prefix, "v", filter.LifetimeValueUsdAtLeast, filter.LifetimeValueUsdAtMost);
        var ordersKeys = ValueKeys(prefix, "n", filter.OrdersAtLeast, null);
        if (required.Count == 0 && filter.Countries.Count == 0 && filter.Statuses.Count == 0 && lifetimeValueKeys is null && ordersKeys is null && createdKeys is null && !termKeyed)
        {
            required.Add(prefix);
        }

        var conditions = new List<string> { "true" };
        if (required.Count > 0)
        {
            parameters.Add("requiredKeys", required.ToArray());
            conditions.Add($"{alias}.keys @> @requiredKeys");
        }

        if (filter.Countries.Count > 0)
        {
            parameters.Add("countryKeys", filter.Countries.Select(country => $"{prefix}/c:{country}").ToArray());
            conditions.Add($"{alias}.keys && @countryKeys");
        }

        if (filter.Statuses.Count > 0)
        {
            parameters.Add("statusKeys", filter.Statuses.Select(status => $"{prefix}/s:{status.ToName()}").ToArray());
            conditions.Add($"{alias}.keys && @statusKeys");
        }

        if (lifetimeValueKeys is not null)
        {
            parameters.Add("lifetimeValueKeys", lifetimeValueKeys);
            conditions.Add($"{alias}.keys && @lifetimeValueKeys");
        }

        if (ordersKeys is not null)
        {
            parameters.Add("ordersKeys", ordersKeys);
            conditions.Add($"{alias}.keys && @ordersKeys");
        }

        if (createdKeys is not null)
        {
            parameters.Add("createdKeys", createdKeys);
            conditions.Add($"{alias}.keys && @createdKeys");
        }

        return string.Join(" and ", conditions);
    }

    /// <summary>The most eight-week blocks a creation range is narrowed to (about 30 years); wider ranges are not keyed.</summary>
    public const int MaxCreatedBlocks = 200;

    /// <summary>
    /// The eight-week block keys (crm_search_period_keys, migration 0012) that hold every customer created within the
    /// filter's range, clipped to the workspace's oldest and newest customer: a superset (whole blocks, one more on
    /// each side against rounding), so the range is still tested on each candidate's customer. Null without a range,
    /// or for one of more than <see cref="MaxCreatedBlocks"/> blocks.
    /// </summary>
    public static async Task<string[]?> CreatedKeysAsync(WorkspaceSession session, CustomerFilter filter, CancellationToken cancellationToken)
    {
        if (filter.CreatedAfter is null && filter.CreatedBefore is null)
        {
            return null;
        }

        // The blocks of the workspace's oldest and newest customer, as crm_search_period_keys numbers them.
        var span = await session.QuerySingleOrDefaultAsync<(long? Oldest, long? Newest)>(
            """
            select (select floor(extract(epoch from created_at) / 4838400)::bigint from customer_search where workspace_id = @workspace order by created_at limit 1),
                   (select floor(extract(epoch from created_at) / 4838400)::bigint from customer_search where workspace_id = @workspace order by created_at desc limit 1)
            """,
            new { workspace = session.Workspace.Value }, cancellationToken);
        if (span.Oldest is not { } oldest || span.Newest is not { } newest)
        {
            return null;
        }

        var from = Math.Max(filter.CreatedAfter is { } after ? Block(after) - 1 : oldest, oldest);
        var to = Math.Min(filter.CreatedBefore is { } before ? Block(before) + 1 : newest, newest);
        if (to - from + 1 > MaxCreatedBlocks)
        {
            return null;
        }

        var prefix = session.Workspace.Value.ToString("D");
        // An empty range still names one block: the exact test then finds nobody.
        return [.. Enumerable.Range(0, (int)Math.Max(to - from + 1, 1)).Select(i => $"{prefix}/b{from + i}")];

        static long Block(DateTimeOffset instant) => (long)Math.Floor(instant.ToUnixTimeMilliseconds() / 1000.0 / 4_838_400);
    }

    /// <summary>The highest bucket <see cref="ValueBucket"/> yields (values from 10^18 up).</summary>
    public const int TopValueBucket = 55;

    /// <summary>
    /// The bucket of a lifetime value or an order count, as crm_value_bucket (migration 0036) computes it: 0 below 1,
    /// then three per decade along the 1-2-5 series ([1, 2), [2, 5), [5, 10), [10, 20), ...), from the digits.
    /// </summary>
    public static int ValueBucket(decimal value)
    {
        if (value < 1)
        {
            return 0;
        }

        var digits = decimal.Truncate(Math.Min(value, 1e18m)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var lead = digits[0] - '0';
        return 1 + (3 * (digits.Length - 1)) + (lead >= 5 ? 2 : lead >= 2 ? 1 : 0);
    }

    /// <summary>
    /// The bucket keys ("/v:" lifetime value, "/n:" orders) that hold every value within the bounds: a superset, so
    /// the bounds are still tested on each candidate's customer. Null when the bounds leave every bucket in (no
    /// narrowing) or when there are none.
    /// </summary>
    public static string[]? ValueKeys(string workspacePrefix, string kind, decimal? atLeast, decimal? atMost)
    {
        var low = atLeast is { } least ? ValueBucket(least) : 0;
        var high = atMost is { } most ? ValueBucket(most) : TopValueBucket;
        if (low == 0 && high == TopValueBucket)
        {
            return null;
        }

        // An empty range (atLeast above atMost) still names one bucket: the exact test then finds nobody.
        return [.. Enumerable.Range(low, Math.Max(high - low + 1, 1)).Select(bucket => $"{workspacePrefix}/{kind}:{bucket}")];
    }

    /// <summary>
    /// The keys of these periods (crm_search_period_keys), or, within countries, of each period in each country
    /// (migration 0014), or else within statuses, of each period in each status (the same migration): one small posting
    /// list where the period's and the country's or status's would be two large ones to intersect. Returns the
    /// filter left for <see cref="Conditions"/>, without what the period keys already name.
    /// </summary>
    public static (string[] Keys, CustomerFilter Others) PeriodKeys(IReadOnlyList<string> periods, CustomerFilter filter)
    {
        if (filter.Countries.Count > 0)
        {
            return ([.. periods.SelectMany(period => filter.Countries.Select(country => $"{period}/c:{country}"))], filter with { Countries = [] });
        }

        return filter.Statuses.Count > 0
            ? ([.. periods.SelectMany(period => filter.Statuses.Select(status => $"{period}/s:{status.ToName()}"))], filter with { Statuses = [] })
            : ([.. periods], filter);
    }

    /// <summary>
    /// The keys (crm_search_custom_field_keys, migration 0040) of customers whose custom field has this value, as
    /// <c>custom_fields ->> field</c> yields it: md5 of the field's md5 and the value, so any value makes a short key.
    /// A hash, so the value is still tested on each candidate's customer.
    /// </summary>
    public static IEnumerable<string> CustomFieldKeys(string workspacePrefix, IReadOnlyDictionary<string, string> customFields) =>
        customFields.Select(field => $"{workspacePrefix}/f:{Md5(Md5(field.Key) + field.Value)}");

    // Not a secret: a short name for a value, computed as PostgreSQL's md5() does it over UTF-8 text.
#pragma warning disable CA5351
    private static string Md5(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    /// <summary>The condition that the row has the key an SQL text expression yields.</summary>
    public static string Has(string alias, string keyExpression) => $"{alias}.keys @> array[{keyExpression}]";
}
