using Dapper;
using Npgsql;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Data;

public sealed class GroupCommitTests : IAsyncLifetime
{
    private static readonly WorkspaceId Workspace = new(Guid.NewGuid());
    private readonly TestDatabase database = new();
    private CrmDatabase crm = null!;
    private GroupCommit<int, long> writer = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("create table group_commit_probe (n int primary key)");
        }

        crm = new CrmDatabase(database.DataSource);
        // Each write answers the id of the transaction it was committed in.
        writer = new GroupCommit<int, long>(crm, async (session, items, ct) =>
        {
            await session.ExecuteAsync("insert into group_commit_probe (n) select unnest(@items)", new { items = items.ToArray() }, ct);
            var transaction = await session.QuerySingleOrDefaultAsync<long>("select txid_current()", cancellationToken: ct);
            return items.Select(_ => transaction).ToList();
        });
    }

    public async Task DisposeAsync()
    {
        await writer.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_writes_share_transactions_and_every_one_is_committed_when_its_call_returns()
    {
        var transactions = await Task.WhenAll(Enumerable.Range(1, 400).Select(n => writer.WriteAsync(Workspace, n)));

        Assert.Equal(400, await CountAsync());
        Assert.True(transactions.Distinct().Count() <= 200, $"400 writes took {transactions.Distinct().Count()} transactions");
    }

    [Fact]
    public async Task A_write_that_breaks_a_constraint_fails_alone_and_the_rest_of_its_group_commits()
    {
        await writer.WriteAsync(Workspace, 7);

        var writes = Enumerable.Range(1, 100).Select(n => (N: n, Task: writer.WriteAsync(Workspace, n))).ToList();
        await Task.WhenAll(writes.Select(w => w.Task.ContinueWith(_ => { }, TaskScheduler.Default)));

        var failed = Assert.Single(writes, w => w.Task.IsFaulted);
        Assert.Equal(7, failed.N);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(failed.Task.Exception!.InnerException).SqlState);
        Assert.Equal(100, await CountAsync());
    }

    [Fact]
    public async Task A_group_that_meets_a_statement_timeout_fails_every_write_at_once_instead_of_retrying_each()
    {
        var attempts = 0;
        await using var timingOut = new GroupCommit<int, long>(crm, async (session, items, ct) =>
        {
            Interlocked.Increment(ref attempts);
            // What a statement stuck behind a lock for longer than the limit answers.
            await session.ExecuteAsync("set local statement_timeout = 50; select pg_sleep(1)", cancellationToken: ct);
            return items.Select(_ => 0L).ToList();
        }, flushers: 1, linger: TimeSpan.FromMilliseconds(200));

        var writes = Enumerable.Range(1, 20).Select(n => timingOut.WriteAsync(Workspace, n)).ToList();
        await Task.WhenAll(writes.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.All(writes, w => Assert.True(w.IsFaulted && SimpleCrm.Data.DatabaseFaults.IsUnavailable(w.Exception!), "every write fails as 'database unavailable'"));
        // One attempt per group (the linger gathers the 20 into one or a few), not one more per write after it.
        Assert.True(attempts < 10, $"{attempts} attempts for 20 writes");
    }

    private async Task<long> CountAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from group_commit_probe");
    }
}
