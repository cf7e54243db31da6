using Dapper;
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
    /// Whether the filter has a key that usually holds a small share of the workspace: a country, a tag or an owner.
    /// A status does not (most customers are active).
    /// </summary>
    public static bool HasSelectiveKey(CustomerFilter filter) =>
        filter.Countries.Count > 0 || filter.Tags.Count > 0 || filter.OwnerId is not null || filter.VisibleToOwner is not null;

    /// <summary>Whether the filter has any key beside the workspace's.</summary>
    public static bool HasKey(CustomerFilter filter) => HasSelectiveKey(filter) || filter.Statuses.Count > 0;

    /// <summary>
    /// The conditions on the row aliased <paramref name="alias"/> for the filter's owner, tags (all of them), countries
    /// and statuses (any of them), binding their parameters. When none applies and the term names no key of its own
    /// (<paramref name="termKeyed"/>), the workspace's key keeps the scan to the workspace: every other key starts with
    /// the workspace already, and the bare workspace key, the largest of all, costs a few milliseconds to intersect.
    /// </summary>
    public static string Conditions(string alias, Guid workspace, CustomerFilter filter, DynamicParameters parameters, bool termKeyed)
    {
        var prefix = workspace.ToString("D");
        var required = filter.Tags.Select(tag => $"{prefix}/t:{tag}")
            .Concat(new[] { filter.OwnerId, filter.VisibleToOwner }.OfType<Guid>().Select(owner => $"{prefix}/o:{owner:D}"))
            .ToList();
        if (required.Count == 0 && filter.Countries.Count == 0 && filter.Statuses.Count == 0 && !termKeyed)
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

        return string.Join(" and ", conditions);
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

    /// <summary>The condition that the row has the key an SQL text expression yields.</summary>
    public static string Has(string alias, string keyExpression) => $"{alias}.keys @> array[{keyExpression}]";
}
