using Npgsql;

namespace SimpleCrm.Bench;

/// <summary>
/// Benchmark inputs drawn at random from the whole data set (a Bernoulli sample of the tables), so no scenario
/// runs on rows the code path favours (the newest, the cached, the first page).
/// </summary>
public sealed record DataSample(string[] CustomerIds, string[] LastNames, string[] OrderNumbers)
{
    public static async Task<DataSample> DrawAsync(string connectionString, int size)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        // Row-level security: read as the workspace that holds the customers (the seeded one).
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
            await using (var set = new NpgsqlCommand("select set_config('crm.workspace_id', $1, false)", connection))
            {
                set.Parameters.Add(new NpgsqlParameter { Value = workspace.ToString() });
                await set.ExecuteScalarAsync();
            }

            var customers = await ColumnsAsync(connection, "customers", "id::text, last_name", size);
            if (customers.Count == 0)
            {
                continue;
            }

            var orders = await ColumnsAsync(connection, "orders", "order_number, ''", size);
            return new DataSample(
                customers.Select(c => c.First).ToArray(),
                customers.Select(c => c.Second).Where(n => n.Length >= 4).ToArray(),
                orders.Select(o => o.First).ToArray());
        }

        throw new InvalidOperationException("No workspace holds customers: seed the benchmark database first.");
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
