using Dapper;
using Npgsql;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Grains.Common;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Data;

/// <summary>Row-level security is the second lock: it holds even for SQL that forgets the workspace filter.</summary>
public sealed class RowLevelSecurityTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task A_session_sees_and_writes_only_its_own_workspace()
    {
        var a = await database.CreateWorkspaceAsync("shop-a");
        var b = await database.CreateWorkspaceAsync("shop-b");
        await InsertAsync(a.WorkspaceId, "a@example.com");
        await InsertAsync(b.WorkspaceId, "b@example.com");

        Assert.Equal(["a@example.com"], await EmailsAsync(a.WorkspaceId));
        Assert.Equal(["b@example.com"], await EmailsAsync(b.WorkspaceId));

        // Writing a row for B from A's session is refused by the policy.
        await using var session = await database.Database.BeginAsync(a.WorkspaceId);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => session.ExecuteAsync(Insert, Row(b.WorkspaceId, "sneaky@example.com")));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task A_connection_without_a_workspace_sees_no_tenant_rows()
    {
        var a = await database.CreateWorkspaceAsync("shop-c");
        await InsertAsync(a.WorkspaceId, "c@example.com");

        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from customers"));
    }

    /// <summary>
    /// Tables that carry a workspace id and are documented to live outside row-level security: the search side tables
    /// (RLS would keep PostgreSQL off their LIKE indexes; queries name the workspace and only yield ids, read back
    /// under RLS), tables read before a workspace is known (credentials, a webhook's shop) and the webhook inbox, which
    /// a background worker drains across workspaces. Every query on them names the workspace or the credential it
    /// starts from.
    /// </summary>
    internal static readonly string[] OutsideRowLevelSecurity =
        ["customer_search", "order_number_search", "users", "user_sessions", "api_keys", "refresh_tokens", "one_time_tokens", "commerce_shop_routes", "commerce_inbox"];

    [Fact]
    public async Task Every_table_with_a_workspace_id_has_row_level_security_enabled_forced_and_bound_to_the_session_workspace()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var tables = (await connection.QueryAsync<(string Table, bool Enabled, bool Forced)>("""
            select c.relname, c.relrowsecurity, c.relforcerowsecurity
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            join pg_attribute a on a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped
            where n.nspname = 'public' and c.relkind in ('r', 'p')
            order by c.relname
            """)).ToList();
        var policies = (await connection.QueryAsync<(string Table, string Command, bool Permissive, string? Using, string? Check)>("""
            select c.relname, p.polcmd::text, p.polpermissive, pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
            from pg_policy p join pg_class c on c.oid = p.polrelid
            """)).ToLookup(p => p.Table);

        var tenant = tables.Where(t => !OutsideRowLevelSecurity.Contains(t.Table)).ToList();
        Assert.Contains(tenant, t => t.Table == "customers"); // the catalog query sees what it must
        Assert.True(tenant.Count >= 10, "only " + string.Join(", ", tenant.Select(t => t.Table)));
        var failures = new List<string>();
        foreach (var (table, enabled, forced) in tenant)
        {
            if (!enabled || !forced)
            {
                failures.Add($"{table}: row-level security enabled={enabled}, forced={forced}");
            }

            // One policy for every command, on the rows read and on the rows written.
            var expected = "(workspace_id = crm_current_workspace())";
            if (!policies[table].Any(p => p.Command == "*" && p.Permissive && p.Using == expected && p.Check == expected))
            {
                failures.Add($"{table}: no policy binding workspace_id to the session's workspace for all commands; has " +
                    string.Join("; ", policies[table].Select(p => $"{p.Command} using {p.Using} check {p.Check}")));
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_audit_log_is_append_only()
    {
        var a = await database.CreateWorkspaceAsync("shop-d");
        await using var session = await database.Database.BeginAsync(a.WorkspaceId);
        await session.ExecuteAsync("insert into audit_log (workspace_id, actor, action, entity_type) values (@w, 'test', 'create', 'customer')", new { w = a.Id });
        var refused = await Assert.ThrowsAsync<PostgresException>(() => session.ExecuteAsync("update audit_log set actor = 'someone else'"));
        Assert.Contains("append-only", refused.MessageText);
    }

    private const string Insert = """
        insert into customers (workspace_id, id, first_name, last_name, email, country_code, timezone, language, currency, status, created_at, updated_at, version)
        values (@workspace, @id, 'T', 'T', @email, 'DE', 'UTC', 'de', 'EUR', 'active', now(), now(), 1)
        """;

    private static object Row(WorkspaceId workspace, string email) => new { workspace = workspace.Value, id = Guid.NewGuid(), email };

    private async Task InsertAsync(WorkspaceId workspace, string email)
    {
        await using var session = await database.Database.BeginAsync(workspace);
        await session.ExecuteAsync(Insert, Row(workspace, email));
        await session.CommitAsync();
    }

    private async Task<List<string>> EmailsAsync(WorkspaceId workspace)
    {
        await using var session = await database.Database.BeginAsync(workspace);
        return (await session.QueryAsync<string>("select email from customers")).ToList();
    }
}
