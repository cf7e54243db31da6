using Npgsql;
using SimpleCrm.Data.Changes;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Data.Gdpr;

public static class ConsentPurposes
{
    public const string MarketingEmail = "marketing_email";
    public const string MarketingSms = "marketing_sms";
    public const string Profiling = "profiling";

    public static readonly IReadOnlyList<string> All = [MarketingEmail, MarketingSms, Profiling];

    public static bool IsKnown(string? purpose) => purpose is not null && All.Contains(purpose, StringComparer.Ordinal);
}

/// <summary>What a customer said about one purpose, as recorded by a team member or an integration.</summary>
public sealed record ConsentStatement(string Purpose, bool Granted, string Source, string TextVersion);

/// <summary>One row of a customer's consent history.</summary>
public sealed record ConsentRecord(Guid Id, string Purpose, bool Granted, DateTimeOffset RecordedAt, string Source, string TextVersion, string RecordedBy);

/// <summary>The history newest first, and what holds now per purpose (a purpose never recorded is not granted).</summary>
public sealed record ConsentOverview(IReadOnlyList<ConsentRecord> Items, IReadOnlyDictionary<string, bool> Current);

/// <summary>
/// Customers' consent records: an append-only history per customer (the table's trigger refuses changes), each
/// statement written with its audit row, outbox row and timeline entry in one transaction.
/// </summary>
public sealed class ConsentStore(CrmDatabase database)
{
    public const int SourceMax = 200;
    public const int TextVersionMax = 100;

    private const string Columns = "id, purpose, granted, recorded_at, source, text_version, recorded_by";

    /// <returns>The stored record, or null when the customer does not exist in the workspace.</returns>
    public async Task<ConsentRecord?> RecordAsync(WorkspaceId workspace, Guid customerId, ConsentStatement statement, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        ConsentRow? row;
        try
        {
            row = await session.QuerySingleOrDefaultAsync<ConsentRow>($"""
                insert into customer_consents (workspace_id, customer_id, id, purpose, granted, source, text_version, recorded_by)
                select @workspace, @customerId, @id, @Purpose, @Granted, @Source, @TextVersion, @recordedBy
                where exists (select 1 from customers where workspace_id = @workspace and id = @customerId)
                returning {Columns}
                """, new
            {
                workspace = workspace.Value,
                customerId,
                id = Guid.CreateVersion7(),
                statement.Purpose,
                statement.Granted,
                statement.Source,
                statement.TextVersion,
                recordedBy = context.Actor,
            }, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return null; // deleted between the check and the insert
        }

        if (row is null)
        {
            return null;
        }

        var record = row.ToRecord();
        await TimelineJournal.AppendAsync(session, customerId, "consent.recorded", record.Id,
            new { record.Purpose, record.Granted, record.TextVersion }, record.RecordedAt, cancellationToken);
        await ChangeJournal.AppendAsync(session, context, "customer", customerId, "consent", null, record,
            "customer.consent_recorded", new { customer_id = customerId, consent = record }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return record;
    }

    /// <summary>Every statement of the customer, newest first.</summary>
    public async Task<IReadOnlyList<ConsentRecord>> HistoryAsync(WorkspaceId workspace, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await HistoryAsync(session, customerId, cancellationToken);
    }

    /// <summary>The newest statement per purpose; purposes never recorded are false.</summary>
    public async Task<IReadOnlyDictionary<string, bool>> CurrentAsync(WorkspaceId workspace, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await CurrentAsync(session, customerId, cancellationToken);
    }

    public async Task<ConsentOverview> OverviewAsync(WorkspaceId workspace, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return await OverviewAsync(session, customerId, cancellationToken);
    }

    internal static async Task<ConsentOverview> OverviewAsync(WorkspaceSession session, Guid customerId, CancellationToken cancellationToken) =>
        new(await HistoryAsync(session, customerId, cancellationToken), await CurrentAsync(session, customerId, cancellationToken));

    private static async Task<IReadOnlyList<ConsentRecord>> HistoryAsync(WorkspaceSession session, Guid customerId, CancellationToken cancellationToken) =>
        (await session.QueryAsync<ConsentRow>($"""
            select {Columns} from customer_consents
            where workspace_id = @workspace and customer_id = @customerId
            order by recorded_at desc, id desc
            """, new { workspace = session.Workspace.Value, customerId }, cancellationToken))
        .Select(r => r.ToRecord()).ToList();

    private static async Task<IReadOnlyDictionary<string, bool>> CurrentAsync(WorkspaceSession session, Guid customerId, CancellationToken cancellationToken)
    {
        // One index walk (customer_consents_current): the newest row of each purpose.
        var rows = await session.QueryAsync<(string Purpose, bool Granted)>("""
            select distinct on (purpose) purpose, granted from customer_consents
            where workspace_id = @workspace and customer_id = @customerId
            order by purpose, recorded_at desc, id desc
            """, new { workspace = session.Workspace.Value, customerId }, cancellationToken);
        var current = ConsentPurposes.All.ToDictionary(p => p, _ => false);
        foreach (var (purpose, granted) in rows)
        {
            current[purpose] = granted;
        }

        return current;
    }

    private sealed class ConsentRow
    {
        public Guid Id { get; set; }
        public string Purpose { get; set; } = "";
        public bool Granted { get; set; }
        public DateTime RecordedAt { get; set; }
        public string Source { get; set; } = "";
        public string TextVersion { get; set; } = "";
        public string RecordedBy { get; set; } = "";

        public ConsentRecord ToRecord() => new(Id, Purpose, Granted, DbTime.Utc(RecordedAt), Source, TextVersion, RecordedBy);
    }
}
