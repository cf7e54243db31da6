using System.Globalization;
using System.Text;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Grains.Common;
using SimpleCrm.Grains.Customers;

namespace SimpleCrm.Data.Customers;

/// <summary>A page of a keyset-paginated list: the rows and the cursor of the next page (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Reads across many customers: these go to SQL, never to grains.</summary>
public sealed class CustomerQueries(CrmDatabase database)
{
    public async Task<Page<CustomerSnapshot>> ListAsync(WorkspaceId workspace, string? search, ListCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        var sql = new StringBuilder($"select {CustomerRow.Columns} from customers where workspace_id = @workspace");
        if (!string.IsNullOrWhiteSpace(search))
        {
            sql.Append("""
                 and (first_name ilike @pattern escape '\' or last_name ilike @pattern escape '\'
                   or (first_name || ' ' || last_name) ilike @pattern escape '\'
                   or email ilike @pattern escape '\' or company_name ilike @pattern escape '\' or phone ilike @pattern escape '\')
                """);
        }

        if (after is not null)
        {
            sql.Append(" and (created_at, id) < (@afterCreatedAt, @afterId)");
        }

        sql.Append(" order by created_at desc, id desc limit @take");

        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var rows = (await session.QueryAsync<CustomerRow>(sql.ToString(), new
        {
            workspace = workspace.Value,
            pattern = "%" + EscapeLike(search?.Trim() ?? "") + "%",
            afterCreatedAt = after?.CreatedAt,
            afterId = after?.Id,
            take = limit + 1,
        }, cancellationToken)).ToList();

        var items = rows.Take(limit).Select(r => r.ToSnapshot()).ToList();
        var next = rows.Count > limit ? new ListCursor(items[^1].CreatedAt, items[^1].Id).Encode() : null;
        return new Page<CustomerSnapshot>(items, next);
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}

/// <summary>An opaque position in a list ordered by (created_at desc, id desc).</summary>
public sealed record ListCursor(DateTimeOffset CreatedAt, Guid Id)
{
    public string Encode() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{Id:N}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string? text, out ListCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > 100)
        {
            return false;
        }

        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split(':');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks is >= 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && Guid.TryParseExact(parts[1], "N", out var id))
            {
                cursor = new ListCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }
}
