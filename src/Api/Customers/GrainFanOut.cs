using System.Collections.Concurrent;

namespace SimpleCrm.Api.Customers;

/// <summary>
/// Runs one grain command per id, a bounded number at a time, and collects the refusals. Bulk actions, tag
/// renames and restatements use it so that many-entity work still goes through each entity's one writer.
/// </summary>
public static class GrainFanOut
{
    public const int Parallelism = 16;

    /// <param name="command">Returns null on success, else why the entity refused.</param>
    public static async Task<IReadOnlyList<BulkFailure>> RunAsync(IEnumerable<Guid> ids, Func<Guid, Task<string?>> command, CancellationToken cancellationToken = default)
    {
        var failures = new ConcurrentBag<BulkFailure>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (id, _) =>
        {
            if (await command(id) is { } failure)
            {
                failures.Add(new BulkFailure(id, failure));
            }
        });
        return failures.OrderBy(f => f.Id).ToList();
    }

    public static string? Refusal<T>(SimpleCrm.Contracts.Common.CommandResult<T> result) =>
        result.IsOk ? null : result.Message ?? string.Join(" ", result.Errors.SelectMany(e => e.Value));
}
