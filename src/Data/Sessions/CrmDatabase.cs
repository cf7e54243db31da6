using System.Data;
using Dapper;
using Npgsql;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Data.Sessions;

/// <summary>
/// The one way into PostgreSQL. Tenant data is reached only through <see cref="BeginAsync"/>, which
/// scopes the transaction to a workspace for row-level security; stores add their own workspace filter too.
/// </summary>
public sealed class CrmDatabase(NpgsqlDataSource dataSource)
{
    static CrmDatabase()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new UtcDateTimeOffsetHandler());
    }

    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>How long a statement may run (Command Timeout of the connection string); null when unlimited.</summary>
    public TimeSpan? StatementLimit { get; } = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).CommandTimeout is > 0 and var seconds
        ? TimeSpan.FromSeconds(seconds)
        : null;

    public Task<WorkspaceSession> BeginAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        WorkspaceSession.BeginAsync(dataSource, workspace, IsolationLevel.ReadCommitted, cancellationToken);

    /// <summary>
    /// A workspace session whose statements all read one snapshot (repeatable read), for reads made of several
    /// statements that must agree with each other; it must not write.
    /// </summary>
    public Task<WorkspaceSession> BeginSnapshotAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        WorkspaceSession.BeginAsync(dataSource, workspace, IsolationLevel.RepeatableRead, cancellationToken);

    /// <summary>A connection for data that belongs to no workspace (the workspace directory, migrations).</summary>
    public ValueTask<NpgsqlConnection> OpenSharedAsync(CancellationToken cancellationToken = default) =>
        dataSource.OpenConnectionAsync(cancellationToken);
}
