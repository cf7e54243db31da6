using Npgsql;

namespace SimpleCrm.Bench;

/// <summary>
/// Benchmark inputs drawn at random from the whole data set (a Bernoulli sample of the tables), so no scenario
/// runs on rows the code path favours (the newest, the cached, the first page). <see cref="ColdCustomerIds"/> is a
/// second, disjoint draw that only the first-read scenario touches, so those grains are still inactive then.
/// </summary>
public sealed record DataSample(string[] CustomerIds, string[] ColdCustomerIds, string[] LastNames, string[] OrderNumbers, string[] Countries)
{
    public static async Task<DataSample> DrawAsync(string connectionString, int size)
    {
        var workspace = await WorkspaceWithCustomersAsync(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        await PinWorkspaceAsync(connection, workspace);
        var customers = await ColumnsAsync(connection, "customers", "id::text, last_name", 2 * size);
        var warm = customers.Take(customers.Count / 2).ToList();
        var cold = customers.Skip(customers.Count / 2).ToList();
        var orders = await ColumnsAsync(connection, "orders", "order_number, ''", size);
        var countries = await ColumnsAsync(connection, "customers", "country_code::text, ''", size);
        return new DataSample(
            warm.Select(c => c.First).ToArray(),
            cold.Select(c => c.First).ToArray(),
            warm.Select(c => c.Second).Where(n => n.Length >= 4 && n.All(char.IsLetter)).ToArray(),
            orders.Select(o => o.First).ToArray(),
            countries.Select(c => c.First).ToArray());
    }

    /// <summary>The first workspace (oldest first) that holds customers: the seeded shop.</summary>
    public static async Task<Guid> WorkspaceWithCustomersAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        var workspaces = new List<Guid>();
        await using (var list = new NpgsqlCommand("select id from workspaces order by created_at", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                workspaces.Add(reader.GetGuid(0));
            }
        }

        foreach (var workspace in workspaces)
        {
            // Row-level security: customers are only visible from inside their workspace.
            await PinWorkspaceAsync(connection, workspace);
            await using var any = new NpgsqlCommand("select exists (select 1 from customers)", connection);
            if ((bool)(await any.ExecuteScalarAsync())!)
            {
                return workspace;
            }
        }

        throw new InvalidOperationException("No workspace holds customers: seed the benchmark database first.");
    }

    private static async Task PinWorkspaceAsync(NpgsqlConnection connection, Guid workspace)
    {
        await using var set = new NpgsqlCommand("select set_config('crm.workspace_id', $1, false)", connection);
        set.Parameters.Add(new NpgsqlParameter { Value = workspace.ToString() });
        await set.ExecuteScalarAsync();
    }

    /// <summary>About <paramref name="size"/> rows drawn uniformly from the whole table, in random order.</summary>
    private static async Task<List<(string First, string Second)>> ColumnsAsync(NpgsqlConnection connection, string table, string columns, int size)
    {
        await using var estimate = new NpgsqlCommand($"select greatest(reltuples, 1)::float8 from pg_class where relname = '{table}'", connection);
        var rows = (double)(await estimate.ExecuteScalarAsync() ?? 1d);
        var percent = Math.Min(100, 100 * 2.0 * size / rows);
        var sql = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"select {columns} from {table} tablesample bernoulli ({percent}) order by random() limit {size}");
        await using var sample = new NpgsqlCommand(sql, connection);
        await using var reader = await sample.ExecuteReaderAsync();
        var result = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            result.Add((reader.GetString(0), reader.GetString(1)));
        }

        return result;
    }
}
