using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SimpleCrm.Data;
using SimpleCrm.Data.Migrations;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Data.Workspaces;

namespace SimpleCrm.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated PostgreSQL database per test class, dropped afterwards. Real PostgreSQL only:
/// ./crm test provides CRM_TEST_DB (a role allowed to create databases). <paramref name="server"/> names another
/// server's such role (a test's <see cref="PrivatePostgres"/>).
/// </summary>
public sealed class TestDatabase(bool migrate = true, string encoding = "UTF8", string? server = null) : IAsyncLifetime
{
    /// <summary>Explicit, so tests do not depend on the cluster's default (SQL_ASCII under a POSIX locale).</summary>
    private string CreateOptions => encoding == "UTF8"
        ? "encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8' template template0"
        : $"encoding '{encoding}' lc_collate 'C' lc_ctype 'C' template template0";

    private string AdminConnectionString => server ?? Environment.GetEnvironmentVariable("CRM_TEST_DB")
        ?? throw new InvalidOperationException("CRM_TEST_DB is not set: run the tests through ./crm test, which provisions PostgreSQL.");

    public string Name { get; } = $"crm_test_{Guid.NewGuid():N}"[..30];

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public CrmDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.ExecuteAsync($"create database {Name} {CreateOptions}");
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = Name }.ConnectionString;
        DataSource = CrmDataSources.Create(ConnectionString);
        Database = new CrmDatabase(DataSource);
        if (migrate)
        {
            await MigrationRunner.MigrateAsync(DataSource, NullLogger.Instance);
        }
    }

    public async Task<Workspace> CreateWorkspaceAsync(string slug) =>
        await new WorkspaceDirectory(Database).EnsureAsync(slug, $"Shop {slug}");

    /// <summary>Reads bypassing nothing: a session scoped to the workspace, like the app's own code.</summary>
    public async Task<T> ScalarAsync<T>(Workspace workspace, string sql, object? parameters = null)
    {
        await using var session = await Database.BeginAsync(workspace.WorkspaceId);
        return (await session.QuerySingleOrDefaultAsync<T>(sql, parameters))!;
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await admin.ExecuteAsync($"drop database if exists {Name} with (force)");
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 50)
            {
                // An autovacuum worker (after a bulk load) is still in the database and only it may end itself.
                await Task.Delay(200);
            }
        }
    }
}
