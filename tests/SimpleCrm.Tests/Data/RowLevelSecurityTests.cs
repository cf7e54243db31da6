using Dapper;
using Npgsql;
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
