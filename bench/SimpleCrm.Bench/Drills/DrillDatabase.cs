using Dapper;
using Npgsql;

namespace SimpleCrm.Bench.Drills;

/// <summary>After a drill: which acknowledged creates are missing from the database, and which were stored twice.</summary>
public static class DrillDatabase
{
    public static async Task<(int Lost, int DoubledRows)> CheckAsync(string connectionString, Guid workspace, DrillLoad load)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // Row-level security: read as the workspace, like the CRM itself.
        await connection.ExecuteAsync("select set_config('crm.workspace_id', @workspace, true)", new { workspace = workspace.ToString() }, transaction);
        var ids = load.Acknowledged.Values.ToArray();
        var found = await connection.ExecuteScalarAsync<int>("select count(*) from customers where id = any(@ids)", new { ids }, transaction);
        var doubled = await connection.ExecuteScalarAsync<int>("""
            select coalesce(sum(n - 1), 0)::int from (
              select count(*) as n from customers where last_name like @run || '-%' group by last_name having count(*) > 1) twice
            """, new { run = load.RunId }, transaction);
        return (ids.Length - found, doubled);
    }
}
