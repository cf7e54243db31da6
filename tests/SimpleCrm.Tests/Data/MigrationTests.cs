using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using SimpleCrm.Data.Migrations;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Data;

public sealed class MigrationTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task Every_embedded_migration_is_recorded_once_and_a_second_run_applies_nothing()
    {
        Assert.Equal(0, await MigrationRunner.MigrateAsync(database.DataSource, NullLogger.Instance));

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var versions = (await connection.QueryAsync<int>("select version from schema_migrations order by version")).ToList();
        Assert.Equal(MigrationRunner.Embedded.Select(m => m.Version), versions);
        Assert.Contains(1, versions);
    }

    [Fact]
    public async Task A_database_that_is_not_UTF8_is_refused_with_the_fix_before_anything_is_created()
    {
        var ascii = new TestDatabase(migrate: false, encoding: "SQL_ASCII");
        await ascii.InitializeAsync();
        try
        {
            var refused = await Assert.ThrowsAsync<DatabaseSetupException>(() => MigrationRunner.MigrateAsync(ascii.DataSource, NullLogger.Instance));
            Assert.Contains("SQL_ASCII", refused.Message);
            Assert.Contains("encoding 'UTF8'", refused.Message);
            await using var connection = await ascii.DataSource.OpenConnectionAsync();
            Assert.Null(await connection.QuerySingleAsync<string?>("select to_regclass('schema_migrations')::text"));
        }
        finally
        {
            await ascii.DisposeAsync();
        }
    }

    [Fact]
    public async Task Concurrent_starts_take_turns_and_neither_fails()
    {
        // Four runners at once on a new, empty database, as when silos and API nodes start together.
        var fresh = new TestDatabase(migrate: false);
        await fresh.InitializeAsync();
        int[] runs;
        try
        {
            runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => MigrationRunner.MigrateAsync(fresh.DataSource, NullLogger.Instance)));
        }
        finally
        {
            await fresh.DisposeAsync();
        }

        Assert.Equal(MigrationRunner.Embedded.Count, runs.Sum());
        Assert.Equal(MigrationRunner.Embedded.Count, runs.Max());
    }

    [Fact]
    public async Task A_migration_changed_after_it_was_applied_stops_start_up()
    {
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update schema_migrations set checksum = 'tampered' where version = 2");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MigrationRunner.MigrateAsync(database.DataSource, NullLogger.Instance));
        Assert.Contains("forward-only", error.Message);
    }

    [Fact]
    public async Task A_database_that_applied_the_former_text_of_a_comment_only_edit_starts_and_takes_the_new_checksum()
    {
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update schema_migrations set checksum = '3A4264A502CC6CEA5D762EAFD494CCC5C2143C879C5C87C71D5C08612573BB17' where version = 1");
        }

        Assert.Equal(0, await MigrationRunner.MigrateAsync(database.DataSource, NullLogger.Instance));
        await using var check = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(MigrationRunner.Embedded[0].Checksum, await check.QuerySingleAsync<string>("select checksum from schema_migrations where version = 1"));
    }

    [Fact]
    public async Task The_orleans_query_table_has_every_key_the_providers_require()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var keys = (await connection.QueryAsync<string>("select querykey from orleansquery")).ToHashSet();
        string[] required =
        [
            "InsertMembershipVersionKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipKey", "UpdateMembershipKey",
            "UpdateIAmAlivetimeKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey",
            "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
            "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "UpsertReminderRowKey",
            "DeleteReminderRowKey", "DeleteReminderRowsKey",
        ];
        Assert.Empty(required.Except(keys));
    }
}
