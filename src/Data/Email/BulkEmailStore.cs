using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Data.Workspaces;
using SimpleCrm.Data.Templates;

namespace SimpleCrm.Data.Email;

/// <summary>A bulk email job as stored.</summary>
public sealed class BulkEmailJobRow
{
    public Guid Id { get; init; }
    public Guid TemplateId { get; init; }
    public string Purpose { get; init; } = "";
    public string? Filter { get; init; }
    public Guid? SegmentId { get; init; }
    public string Status { get; init; } = "";
    public int Matched { get; init; }
    public int Eligible { get; init; }
    public string AppUrl { get; init; } = "";
    public Guid? CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>How far a job got: recipients still pending, emails queued by it and their delivery, skips by reason.</summary>
public sealed record BulkEmailProgress(
    BulkEmailJobRow Job, int Pending, int Queued, int Sent, int Failed, IReadOnlyList<(string Reason, int Count)> Skipped);

/// <summary>What one recipient of a batch became: an email to queue, or a skip with its reason.</summary>
public sealed record BulkRecipientOutcome(Guid CustomerId, EmailDraft? Email, string? SkipReason);

/// <summary>A pending recipient with what a template renders from and what decides whether they may be mailed.</summary>
public sealed record BulkRecipient(RecipientCustomer Customer, RecipientOrder? LatestOrder, bool Consented, bool Suppressed);

/// <summary>
/// Bulk email jobs: created with their recipient set in one transaction, then queued in batches. Each batch is
/// one transaction holding the job's row lock (two nodes never work on one job at once) that inserts the
/// emails (one multi-row insert) and marks the recipients queued or skipped, so a stop at any point resumes
/// with exactly the recipients not yet done.
/// </summary>
public sealed class BulkEmailStore(CrmDatabase database)
{
    public const string NoConsent = "no_consent";
    public const string Suppressed = "suppressed";
    public const string TemplateFailed = "template_failed";
    public const string TemplateMissing = "template_missing";

    private const string JobColumns = """
        id, template_id, purpose, filter, segment_id, status, matched, eligible, app_url, created_by, created_at, finished_at
        """;

    private static string JobColumnsOf(string alias) => string.Join(", ", JobColumns.Split(',').Select(c => $"{alias}.{c.Trim()}"));

    // The customer's current marketing_email consent (the newest statement for it) is a grant.
    private const string Consented = """
        coalesce((select cc.granted from customer_consents cc
                  where cc.workspace_id = c.workspace_id and cc.customer_id = c.id and cc.purpose = 'marketing_email'
                  order by cc.recorded_at desc, cc.id desc limit 1), false)
        """;

    private const string IsSuppressed = """
        exists (select 1 from email_suppressions s where s.workspace_id = c.workspace_id and s.address = c.email_key)
        """;

    /// <summary>
    /// Creates the job with the given customers (or, with a segment, its current members among those <paramref name="visibleToOwner"/>
    /// may see) as pending recipients, and counts the ones that may be mailed now.
    /// </summary>
    public async Task<BulkEmailJobRow> CreateAsync(
        WorkspaceId workspace, Guid id, Guid templateId, string purpose, string? filter, IReadOnlyList<Guid>? customerIds, Guid? segmentId, Guid? visibleToOwner,
        string appUrl, Guid? createdBy, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var parameters = new { workspace = workspace.Value, id, templateId, purpose, filter, segmentId, appUrl, createdBy, ids = customerIds?.ToArray(), visibleToOwner };
        await session.ExecuteAsync("""
            insert into email_bulk_jobs (workspace_id, id, template_id, purpose, filter, segment_id, matched, eligible, app_url, created_by)
            values (@workspace, @id, @templateId, @purpose, @filter, @segmentId, 0, 0, @appUrl, @createdBy)
            """, parameters, cancellationToken);
        await session.ExecuteLongAsync(customerIds is not null
            ? """
              insert into email_bulk_recipients (workspace_id, job_id, customer_id)
              select @workspace, @id, customer_id from unnest(@ids::uuid[]) as customer_id
              on conflict do nothing
              """
            : """
              insert into email_bulk_recipients (workspace_id, job_id, customer_id)
              select @workspace, @id, m.customer_id
              from segment_memberships m join customers c on c.workspace_id = m.workspace_id and c.id = m.customer_id
              where m.workspace_id = @workspace and m.segment_id = @segmentId and m.left_at is null
                and (@visibleToOwner::uuid is null or c.owner_id = @visibleToOwner)
              on conflict do nothing
              """, parameters, cancellationToken);
        var job = await session.QuerySingleOrDefaultAsync<BulkEmailJobRow>($"""
            update email_bulk_jobs j set
                matched = counts.all_recipients,
                eligible = counts.mailable
            from (
                select count(*)::int as all_recipients,
                       (count(*) filter (where not {IsSuppressed} and (@purpose <> 'marketing' or {Consented})))::int as mailable
                from email_bulk_recipients r join customers c on c.workspace_id = r.workspace_id and c.id = r.customer_id
                where r.workspace_id = @workspace and r.job_id = @id
            ) counts
            where j.workspace_id = @workspace and j.id = @id
            returning {JobColumnsOf("j")}
            """, parameters, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return job!;
    }

    public async Task<BulkEmailProgress?> ProgressAsync(WorkspaceId workspace, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var parameters = new { workspace = workspace.Value, id };
        var job = await session.QuerySingleOrDefaultAsync<BulkEmailJobRow>(
            $"select {JobColumns} from email_bulk_jobs where workspace_id = @workspace and id = @id", parameters, cancellationToken);
        if (job is null)
        {
            return null;
        }

        var recipients = (await session.QueryAsync<(string State, string? Reason, int Count)>("""
            select state, reason, count(*)::int from email_bulk_recipients
            where workspace_id = @workspace and job_id = @id group by state, reason
            """, parameters, cancellationToken)).ToList();
        var emails = await session.QuerySingleOrDefaultAsync<(int Queued, int Sent, int Failed)>("""
            select count(*)::int, (count(*) filter (where status = 'sent'))::int, (count(*) filter (where status = 'failed'))::int
            from email_messages where workspace_id = @workspace and bulk_job_id = @id
            """, parameters, cancellationToken);
        return new BulkEmailProgress(
            job,
            recipients.Where(r => r.State == "pending").Sum(r => r.Count),
            emails.Queued, emails.Sent, emails.Failed,
            recipients.Where(r => r.State == "skipped").OrderBy(r => r.Reason).Select(r => (r.Reason ?? "", r.Count)).ToList());
    }

    /// <summary>Workspaces flagged as having a job still queueing; the flag is cleared when a visit finds none.</summary>
    public async Task<IReadOnlyList<WorkspaceId>> WorkspacesToVisitAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenSharedAsync(cancellationToken);
        return (await Dapper.SqlMapper.QueryAsync<Guid>(connection, new Dapper.CommandDefinition(
                "select id from workspaces where has_running_bulk_email", cancellationToken: cancellationToken)))
            .Select(id => new WorkspaceId(id)).ToList();
    }

    public async Task<IReadOnlyList<BulkEmailJobRow>> QueueingJobsAsync(WorkspaceId workspace, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var jobs = (await session.QueryAsync<BulkEmailJobRow>(
            $"select {JobColumns} from email_bulk_jobs where workspace_id = @workspace and status = 'queueing' order by created_at, id",
            new { workspace = workspace.Value }, cancellationToken)).ToList();
        if (jobs.Count == 0)
        {
            await WorkspaceFlags.LowerWhenIdleAsync(session, WorkspaceFlags.RunningBulkEmail,
                "select 1 from email_bulk_jobs where workspace_id = @workspace and status = 'queueing'", cancellationToken);
        }

        await session.CommitAsync(cancellationToken);
        return jobs;
    }

    /// <summary>The team member a job is sent as, and the workspace's name (the shop), for rendering.</summary>
    public async Task<(SendingAgent? Agent, string WorkspaceName)> SenderAsync(WorkspaceId workspace, Guid? agentId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var agent = agentId is null ? null : await session.QuerySingleOrDefaultAsync<SendingAgent>("""
            select m.first_name, m.last_name, u.email
            from workspace_members m join users u on u.id = m.user_id
            where m.workspace_id = @workspace and m.user_id = @agentId
            """, new { workspace = workspace.Value, agentId }, cancellationToken);
        var name = await session.QuerySingleOrDefaultAsync<string>("select name from workspaces where id = @workspace", new { workspace = workspace.Value }, cancellationToken);
        return (agent, name ?? "");
    }

    /// <summary>
    /// Takes the next <paramref name="batchSize"/> pending recipients of the job, lets <paramref name="decide"/> render or skip each, and
    /// writes the emails and the recipients' new states in the same transaction; marks the job done when none is pending.
    /// </summary>
    /// <returns>How many recipients the batch handled; null when another node holds the job or it is done.</returns>
    public async Task<int?> QueueNextBatchAsync(
        WorkspaceId workspace, Guid jobId, int batchSize, Func<BulkEmailJobRow, IReadOnlyList<BulkRecipient>, Task<IReadOnlyList<BulkRecipientOutcome>>> decide,
        CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var parameters = new { workspace = workspace.Value, job = jobId, batchSize };
        var job = await session.QuerySingleOrDefaultAsync<BulkEmailJobRow>($"""
            select {JobColumns} from email_bulk_jobs
            where workspace_id = @workspace and id = @job and status = 'queueing'
            for update skip locked
            """, parameters, cancellationToken);
        if (job is null)
        {
            return null;
        }

        var rows = (await session.QueryAsync<PendingRow>($"""
            select c.id, c.first_name as firstname, c.last_name as lastname, c.email, c.company_name as companyname, c.country_code as countrycode, c.city,
                   c.timezone, c.language, c.currency, c.lifetime_value as lifetimevalue, c.total_orders as totalorders, c.owner_id as ownerid,
                   {Consented} as consented, {IsSuppressed} as suppressed,
                   o.order_number as ordernumber, o.status as orderstatus, o.currency as ordercurrency, o.total_amount as ordertotal,
                   o.ordered_at as orderedat, o.tracking_url as trackingurl
            from email_bulk_recipients r
            join customers c on c.workspace_id = r.workspace_id and c.id = r.customer_id
            left join lateral (
                select order_number, status, currency, total_amount, ordered_at, tracking_url from orders
                where orders.workspace_id = c.workspace_id and orders.customer_id = c.id
                order by ordered_at desc, id desc limit 1) o on true
            where r.workspace_id = @workspace and r.job_id = @job and r.state = 'pending'
            order by r.customer_id
            limit @batchSize
            """, parameters, cancellationToken)).ToList();

        var outcomes = rows.Count == 0 ? [] : await decide(job, rows.Select(r => r.ToRecipient()).ToList());
        var emails = outcomes.Where(o => o.Email is not null).Select(o => o.Email!).ToList();
        if (emails.Count > 0)
        {
            await session.ExecuteLongAsync("""
                insert into email_messages (workspace_id, id, customer_id, template_id, language, purpose, to_address, subject, body_html, body_text,
                                            message_id, thread_id, unsubscribe_url, created_by, bulk_job_id)
                select @workspace, m.id, m.customer_id, @template, m.language, @purpose, m.to_address, m.subject, m.body_html, m.body_text,
                       m.message_id, m.id, m.unsubscribe_url, @createdBy, @job
                from unnest(@ids::uuid[], @customers::uuid[], @languages::text[], @addresses::text[], @subjects::text[], @htmls::text[], @texts::text[],
                            @messageIds::text[], @unsubscribes::text[])
                     as m(id, customer_id, language, to_address, subject, body_html, body_text, message_id, unsubscribe_url)
                on conflict (workspace_id, bulk_job_id, customer_id) where bulk_job_id is not null do nothing
                """, new
            {
                workspace = workspace.Value, job = jobId, template = job.TemplateId, purpose = job.Purpose, createdBy = job.CreatedBy,
                ids = emails.Select(e => e.Id).ToArray(), customers = emails.Select(e => e.CustomerId).ToArray(),
                languages = emails.Select(e => e.Language).ToArray(), addresses = emails.Select(e => e.ToAddress).ToArray(),
                subjects = emails.Select(e => e.Subject).ToArray(), htmls = emails.Select(e => e.BodyHtml).ToArray(),
                texts = emails.Select(e => e.BodyText).ToArray(), messageIds = emails.Select(e => e.MessageId).ToArray(),
                unsubscribes = emails.Select(e => e.UnsubscribeUrl).ToArray(),
            }, cancellationToken);
        }

        if (outcomes.Count > 0)
        {
            await session.ExecuteLongAsync("""
                update email_bulk_recipients r set state = u.state, reason = u.reason
                from unnest(@customers::uuid[], @states::text[], @reasons::text[]) as u(customer_id, state, reason)
                where r.workspace_id = @workspace and r.job_id = @job and r.customer_id = u.customer_id
                """, new
            {
                workspace = workspace.Value, job = jobId,
                customers = outcomes.Select(o => o.CustomerId).ToArray(),
                states = outcomes.Select(o => o.Email is null ? "skipped" : "queued").ToArray(),
                reasons = outcomes.Select(o => o.SkipReason).ToArray(),
            }, cancellationToken);
        }

        if (rows.Count < batchSize)
        {
            await session.ExecuteAsync("""
                update email_bulk_jobs set status = 'done', finished_at = now()
                where workspace_id = @workspace and id = @job
                  and not exists (select 1 from email_bulk_recipients where workspace_id = @workspace and job_id = @job and state = 'pending')
                """, parameters, cancellationToken);
        }

        await session.CommitAsync(cancellationToken);
        return rows.Count;
    }

    private sealed class PendingRow
    {
        public Guid Id { get; init; }
        public string FirstName { get; init; } = "";
        public string LastName { get; init; } = "";
        public string Email { get; init; } = "";
        public string? CompanyName { get; init; }
        public string CountryCode { get; init; } = "";
        public string? City { get; init; }
        public string Timezone { get; init; } = "";
        public string Language { get; init; } = "";
        public string Currency { get; init; } = "";
        public decimal LifetimeValue { get; init; }
        public int TotalOrders { get; init; }
        public Guid? OwnerId { get; init; }
        public bool Consented { get; init; }
        public bool Suppressed { get; init; }
        public string? OrderNumber { get; init; }
        public string? OrderStatus { get; init; }
        public string? OrderCurrency { get; init; }
        public decimal? OrderTotal { get; init; }
        public DateTimeOffset? OrderedAt { get; init; }
        public string? TrackingUrl { get; init; }

        public BulkRecipient ToRecipient() => new(
            new RecipientCustomer(Id, FirstName, LastName, Email, CompanyName, CountryCode, City, Timezone, Language, Currency, LifetimeValue, TotalOrders, OwnerId),
            OrderNumber is null ? null : new RecipientOrder(OrderNumber, OrderStatus ?? "", OrderCurrency ?? "", OrderTotal ?? 0, OrderedAt ?? default, TrackingUrl),
            Consented,
            Suppressed);
    }
}
