using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Workspaces;

/// <summary>
/// The workspaces flags that tell a dispatcher where work is waiting. A trigger raises a flag when work is queued,
/// holding a shared advisory lock on (flag, workspace) until its transaction ends; <see cref="LowerWhenIdleAsync"/>
/// takes that lock exclusively before it looks, so it waits for writers in flight and never clears a flag under work
/// it cannot see yet.
/// </summary>
public static class WorkspaceFlags
{
    public const string QueuedEmail = "has_queued_email";
    public const string QueuedAccountMail = "has_queued_account_mail";
    public const string RunningBulkEmail = "has_running_bulk_email";

    /// <summary>
    /// Clears <paramref name="flag"/> of the session's workspace when <paramref name="pendingSql"/> (a query that returns
    /// a row while work is pending) returns none. The lock is only taken when a first look finds nothing pending, so a
    /// busy workspace never waits for its writers here.
    /// </summary>
    public static async Task LowerWhenIdleAsync(WorkspaceSession session, string flag, string pendingSql, CancellationToken cancellationToken)
    {
        var parameters = new { workspace = session.Workspace.Value, flag };
        var idle = $"select {flag} and not exists ({pendingSql}) from workspaces where id = @workspace";
        if (await session.QuerySingleOrDefaultAsync<bool>(idle, parameters, cancellationToken) is false)
        {
            return;
        }

        await session.ExecuteAsync("select pg_advisory_xact_lock(crm_workspace_flag_key(@flag, @workspace))", parameters, cancellationToken);
        // A new statement, so a new snapshot: it sees what the writers that held the lock committed.
        await session.ExecuteAsync(
            $"update workspaces set {flag} = false where id = @workspace and {flag} and not exists ({pendingSql})", parameters, cancellationToken);
    }
}
