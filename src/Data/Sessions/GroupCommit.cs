using System.Diagnostics;
using System.Threading.Channels;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Data.Sessions;

/// <summary>
/// Group commit for writes that many grains make at once. A write on its own costs a transaction: a connection, the
/// workspace setting, its statements and a commit that waits for the disk (about 9 ms on this kind of machine, so a
/// few hundred a second however short the statements). Here each writer queues its write and waits; a flusher takes
/// everything queued so far, writes it with multi-row statements in one transaction per workspace and commits, then
/// releases the writers. The promise to each writer is unchanged — its write is committed when its call returns — and
/// the cost per write falls with load. When a group fails (one write breaks a constraint, or a deadlock), every write
/// of the group is tried again alone, so only the write at fault sees the error, exactly as it would have alone.
/// </summary>
/// <typeparam name="TWrite">One writer's write.</typeparam>
/// <typeparam name="TResult">What the writer learns (e.g. whether a version-checked update matched).</typeparam>
public sealed class GroupCommit<TWrite, TResult> : IAsyncDisposable
{
    /// <summary>Writes the items in the open transaction and answers one result per item, in order; does not commit.</summary>
    public delegate Task<IReadOnlyList<TResult>> WriteMany(WorkspaceSession session, IReadOnlyList<TWrite> items, CancellationToken cancellationToken);

    private readonly CrmDatabase database;
    private readonly WriteMany writeMany;
    private readonly int maxPerFlush;
    private readonly TimeSpan linger;
    private readonly TimeSpan? maxWait;
    private readonly TaskCreationOptions release;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>();
    private readonly Task[] flushers;

    /// <param name="flushers">Groups in flight at once: while one waits for its commit, the next one fills.</param>
    /// <param name="linger">How long a flusher that found fewer writes than a full group waits for more (2 ms unless given).</param>
    /// <param name="maxWait">
    /// How long a caller waits in all, queueing included, before giving up with a <see cref="TimeoutException"/> (a 503).
    /// For reads: behind a lock, a group waits out the statement limit, and the next group's would start only then.
    /// </param>
    /// <param name="releaseInline">
    /// Writers go on inside the flusher the moment their group commits, instead of queueing for the thread pool: for a
    /// writer whose next step must follow its commit as closely as possible (a mail's end line after its hand-over
    /// mark, where every millisecond between the two is one in which a crash loses the mail). Its continuation must be
    /// short and must not block, since the flusher waits for it.
    /// </param>
    public GroupCommit(CrmDatabase database, WriteMany writeMany, int maxPerFlush = 256, int flushers = 2, TimeSpan? linger = null, TimeSpan? maxWait = null,
        bool releaseInline = false)
    {
        release = releaseInline ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously;
        this.linger = linger ?? TimeSpan.FromMilliseconds(2);
        this.maxWait = maxWait;
        this.database = database;
        this.writeMany = writeMany;
        this.maxPerFlush = maxPerFlush;
        this.flushers = Enumerable.Range(0, flushers).Select(_ => Task.Run(FlushAsync)).ToArray();
    }

    public Task<TResult> WriteAsync(WorkspaceId workspace, TWrite item, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(workspace, item, release);
        if (!queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The writer has stopped: the node is shutting down.");
        }

        return maxWait is { } limit ? pending.Done.Task.WaitAsync(limit, cancellationToken) : pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushAsync()
    {
        var group = new List<Pending>();
        while (await queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            Take(group);
            if (group.Count > 0 && group.Count < maxPerFlush && linger > TimeSpan.Zero)
            {
                // Writers of one burst arrive a little apart: a moment's wait fills the group, and costs less than
                // the commit it saves.
                await Task.Delay(linger);
                Take(group);
            }

            if (group.Count == 0)
            {
                continue;
            }

            foreach (var workspace in group.GroupBy(p => p.Workspace))
            {
                var items = workspace.ToList();
                try
                {
                    var results = await WriteAsync(workspace.Key, items);
                    for (var i = 0; i < items.Count; i++)
                    {
                        items[i].Done.TrySetResult(results[i]);
                    }
                }
                catch (Exception e) when (items.Count > 1 && DatabaseFaults.IsUnavailable(e))
                {
                    // The database is down or a lock outlasted the statement limit: every write would meet the same, one
                    // limit after another, so they all fail now (the callers answer 503) instead of waiting in turn.
                    foreach (var item in items)
                    {
                        item.Done.TrySetException(e);
                    }
                }
                catch (Exception) when (items.Count > 1)
                {
                    await WriteOneByOneAsync(workspace.Key, items);
                }
                catch (Exception e)
                {
                    items[0].Done.TrySetException(e);
                }
            }
        }
    }

    private void Take(List<Pending> group)
    {
        while (group.Count < maxPerFlush && queue.Reader.TryRead(out var pending))
        {
            group.Add(pending);
        }
    }

    private async Task WriteOneByOneAsync(WorkspaceId workspace, List<Pending> items)
    {
        foreach (var item in items)
        {
            try
            {
                item.Done.TrySetResult((await WriteAsync(workspace, [item]))[0]);
            }
            catch (Exception e)
            {
                item.Done.TrySetException(e);
            }
        }
    }

    private async Task<IReadOnlyList<TResult>> WriteAsync(WorkspaceId workspace, List<Pending> items)
    {
        // The statements join the first writer's trace, so a request's trace still reaches the SQL that served it.
        var flusher = Activity.Current;
        Activity.Current = items[0].Trace;
        try
        {
            await using var session = await database.BeginAsync(workspace);
            var results = await writeMany(session, items.Select(p => p.Item).ToList(), CancellationToken.None);
            await session.CommitAsync();
            return results;
        }
        finally
        {
            Activity.Current = flusher;
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await Task.WhenAll(flushers);
    }

    private sealed record Pending(WorkspaceId Workspace, TWrite Item, TaskCreationOptions Release)
    {
        public Activity? Trace { get; } = Activity.Current;

        public TaskCompletionSource<TResult> Done { get; } = new(Release);
    }
}
