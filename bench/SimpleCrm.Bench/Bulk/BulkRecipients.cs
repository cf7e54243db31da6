using Npgsql;

namespace SimpleCrm.Bench.Bulk;

/// <summary>The benchmark's view of the seeded workspace: its consents (granted here, as a shop's checkout would) and who may be mailed.</summary>
public static class BulkRecipients
{
    public sealed record ConsentMix(int Customers, string Languages, int Granted, int Withdrawn, int Never);

    /// <summary>The seeded workspace (a fresh benchmark database holds one).</summary>
    public static async Task<Guid> WorkspaceAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("select id from workspaces order by created_at limit 1");
        return (Guid)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Records marketing_email consent for 9 in 10 customers; of the rest, half withdrew it and half were never asked,
    /// chosen by a hash of the address and the seed so a run can be repeated.
    /// </summary>
    public static async Task<ConsentMix> GrantConsentsAsync(NpgsqlDataSource dataSource, Guid workspace, int seed)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Execute(connection, "select set_config('crm.workspace_id', $1, true)", workspace.ToString());
        await Execute(connection, """
            insert into customer_consents (workspace_id, customer_id, id, purpose, granted, source, text_version, recorded_by)
            select workspace_id, id, gen_random_uuid(), 'marketing_email', bucket <> 1, 'bench', 'bench-v1', 'bench'
            from (select workspace_id, id, abs(hashtext(email || $2)) % 20 as bucket from customers where workspace_id = $1::uuid) c
            where bucket <> 0
            """, workspace.ToString(), seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var count = new NpgsqlCommand("""
            select count(*)::int,
                   (select string_agg(language || ' ' || n, ', ' order by n desc) from (select language, count(*) n from customers group by language) l),
                   count(*) filter (where cc.granted)::int, count(*) filter (where not cc.granted)::int, count(*) filter (where cc.granted is null)::int
            from customers c left join customer_consents cc on cc.workspace_id = c.workspace_id and cc.customer_id = c.id and cc.source = 'bench'
            """, connection);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        var mix = new ConsentMix(reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4));
        await reader.DisposeAsync();
        await transaction.CommitAsync();
        await using var analyze = new NpgsqlCommand("analyze customer_consents", connection);
        await analyze.ExecuteNonQueryAsync();
        return mix;
    }

    /// <summary>Addresses of the customers who may get marketing mail: current consent granted, address not suppressed.</summary>
    public static Task<HashSet<string>> MailableAsync(NpgsqlDataSource dataSource, Guid workspace) => AddressesAsync(dataSource, workspace, true);

    /// <summary>Addresses of the customers who must not get it.</summary>
    public static Task<HashSet<string>> RefusedAsync(NpgsqlDataSource dataSource, Guid workspace) => AddressesAsync(dataSource, workspace, false);

    private static async Task<HashSet<string>> AddressesAsync(NpgsqlDataSource dataSource, Guid workspace, bool mailable)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Execute(connection, "select set_config('crm.workspace_id', $1, true)", workspace.ToString());
        await using var command = new NpgsqlCommand("""
            select lower(c.email) from customers c
            where (coalesce((select cc.granted from customer_consents cc
                             where cc.workspace_id = c.workspace_id and cc.customer_id = c.id and cc.purpose = 'marketing_email'
                             order by cc.recorded_at desc, cc.id desc limit 1), false)
                   and not exists (select 1 from email_suppressions s where s.workspace_id = c.workspace_id and s.address = lower(c.email))) = $1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = mailable });
        var addresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            addresses.Add(reader.GetString(0));
        }

        return addresses;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }
}
