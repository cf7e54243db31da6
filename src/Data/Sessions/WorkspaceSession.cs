using System.Data;
using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Data.Sessions;

/// <summary>
/// A transaction bound to one workspace. The workspace id is set as the transaction-local setting
/// <c>crm.workspace_id</c>, which the row-level security policies compare every row against, so even a
/// query that forgot its workspace filter cannot see or write another workspace's rows.
/// Disposing without <see cref="CommitAsync"/> rolls everything back.
/// </summary>
public sealed class WorkspaceSession : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;

    private WorkspaceSession(WorkspaceId workspace, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        Workspace = workspace;
        this.connection = connection;
        this.transaction = transaction;
    }

    public WorkspaceId Workspace { get; }

    internal static async Task<WorkspaceSession> BeginAsync(NpgsqlDataSource dataSource, WorkspaceId workspace, IsolationLevel isolation, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(isolation, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "select set_config('crm.workspace_id', @workspace, true)",
                new { workspace = workspace.ToString() }, transaction, cancellationToken: cancellationToken));
            return new WorkspaceSession(workspace, connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default) =>
        connection.QueryAsync<T>(Command(sql, parameters, cancellationToken));

    /// <summary>Each row as a pair: the columns before <paramref name="splitOn"/> and the ones from it on.</summary>
    public async Task<IEnumerable<(TFirst Row, TSecond Values)>> QueryAsync<TFirst, TSecond>(string sql, object? parameters, string splitOn, CancellationToken cancellationToken = default) =>
        await connection.QueryAsync<TFirst, TSecond, (TFirst, TSecond)>(Command(sql, parameters, cancellationToken), (a, b) => (a, b), splitOn);

    /// <summary>
    /// For reports over a whole workspace, which may legitimately run longer than the default statement timeout (kept
    /// short so that requests stuck behind a lock give up); they get <see cref="ReportTimeoutSeconds"/>.
    /// </summary>
    public Task<IEnumerable<T>> ReportQueryAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default) =>
        connection.QueryAsync<T>(new CommandDefinition(sql, parameters, transaction, commandTimeout: ReportTimeoutSeconds, cancellationToken: cancellationToken));

    public const int ReportTimeoutSeconds = 60;

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null, CancellationToken cancellationToken = default) =>
        connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters, cancellationToken));

    public Task<int> ExecuteAsync(string sql, object? parameters = null, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(Command(sql, parameters, cancellationToken));

    /// <summary>For bulk statements (seeding, restating) that may run longer than the default command timeout.</summary>
    public Task<int> ExecuteLongAsync(string sql, object? parameters = null, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, commandTimeout: 0, cancellationToken: cancellationToken));

    /// <summary>Rows one at a time as they arrive, for exports of any size (memory stays flat); a cancelled download stops the query.</summary>
    public async IAsyncEnumerable<T> StreamAsync<T>(string sql, object? parameters, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in connection.QueryUnbufferedAsync<T>(sql, parameters, transaction).WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>A binary COPY into a tenant table, inside this transaction (row-level security still applies).</summary>
    public Task<NpgsqlBinaryImporter> CopyAsync(string copyFromStdin, CancellationToken cancellationToken = default) =>
        connection.BeginBinaryImportAsync(copyFromStdin, cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken = default) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    private CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);
}
