using Dapper;
using Npgsql;

namespace SimpleCrm.Tests.Gdpr;

/// <summary>
/// Searches every text, varchar, char, json, jsonb, array and bytea column of every table in the public schema for
/// given values, in every workspace (as the database owner, which row-level security binds too: the workspace
/// setting is set for each workspace in turn; tables without RLS are read whole).
/// </summary>
public static class DatabaseScan
{
    public static async Task<IReadOnlyList<string>> FindAsync(NpgsqlDataSource dataSource, params string[] values)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var columns = (await connection.QueryAsync<(string Table, string Column, string Type)>("""
            select c.table_name, c.column_name, c.data_type
            from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
            where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
              and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea')
            order by c.table_name, c.ordinal_position
            """)).ToList();
        Assert.Contains(columns, c => c.Table == "customers" && c.Column == "email"); // the scan sees what it must
        Assert.Contains(columns, c => c.Table == "audit_log" && c.Column == "after");

        var workspaces = (await connection.QueryAsync<Guid>("select id from workspaces")).ToList();
        var hits = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var workspace in workspaces)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync("select set_config('crm.workspace_id', @workspace, true)", new { workspace = workspace.ToString() }, transaction);
            foreach (var (table, column, type) in columns)
            {
                var found = type == "bytea"
                    ? $"position(convert_to(@value, 'UTF8') in \"{column}\") > 0"
                    : $"strpos(lower(\"{column}\"::text), lower(@value)) > 0";
                foreach (var value in values)
                {
                    var count = await connection.ExecuteScalarAsync<long>($"select count(*) from \"{table}\" where {found}", new { value }, transaction);
                    if (count > 0)
                    {
                        hits.Add($"{table}.{column} holds '{value}' ({count} rows)");
                    }
                }
            }

            await transaction.RollbackAsync();
        }

        return hits.ToList();
    }
}
