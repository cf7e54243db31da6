using System.Text.Json.Nodes;
using SimpleCrm.Data.Changes;
using SimpleCrm.Data.Customers;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Data.Gdpr;

public enum ErasureOutcome
{
    Erased,
    NotFound,

    /// <summary>The confirmation is not the customer's current email: nothing was changed.</summary>
    ConfirmationMismatch,
}

/// <param name="OrderIds">The customer's orders, kept without the person; their grains must drop what they hold.</param>
/// <param name="AttachmentKeys">Stored files of the customer's activities, to delete once the erasure is committed.</param>
public sealed record ErasureResult(ErasureOutcome Outcome, IReadOnlyList<Guid> OrderIds, IReadOnlyList<string>? AttachmentKeys = null);

/// <summary>
/// GDPR erasure (art. 17) of one customer, in ONE transaction, irreversible. The customers row stays (orders keep
/// their customer_id, accounting keeps its amounts) but holds nothing personal any more; orders lose addresses,
/// tracking and free text; the timeline, outbox and audit snapshots lose every personal value; consent records
/// keep purpose, answer and time as proof. Afterwards the caller makes the customer's grain and the orders'
/// grains drop what they hold in memory (this class cannot reach grains).
/// </summary>
public sealed class Erasure(CrmDatabase database)
{
    /// <summary>Fields of customer snapshots whose past values are searched for in free text (names first).</summary>
    private static readonly string[] IdentifyingKeys = ["first_name", "last_name", "email", "phone", "company_name"];

    /// <summary>The email an erased customer keeps: unique in the workspace, and nobody's address (.invalid, RFC 2606).</summary>
    public static string ErasedEmail(Guid customerId) => $"erased-{customerId:D}@erased.invalid";

    public async Task<ErasureResult> EraseAsync(WorkspaceId workspace, Guid customerId, string confirm, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var ws = workspace.Value;

        // The row lock also holds back new orders for this customer (their foreign key check) until we commit.
        var customer = await session.QuerySingleOrDefaultAsync<CustomerRow>(
            $"select {CustomerRow.Columns} from customers where workspace_id = @ws and id = @customerId for update",
            new { ws, customerId }, cancellationToken);
        if (customer is null)
        {
            return new ErasureResult(ErasureOutcome.NotFound, []);
        }

        if (!string.Equals(customer.Email.Trim(), confirm.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return new ErasureResult(ErasureOutcome.ConfirmationMismatch, []);
        }

        await session.ExecuteAsync(
            "select set_config('crm.audit_erasure', 'on', true), set_config('crm.consent_erasure', 'on', true)", cancellationToken: cancellationToken);

        var orderIds = (await session.QueryAsync<Guid>(
            "select id from orders where workspace_id = @ws and customer_id = @customerId for update",
            new { ws, customerId }, cancellationToken)).ToArray();
        var entities = orderIds.Append(customerId).ToArray();
        var erasedEmail = ErasedEmail(customerId);

        // What to look for: the person's values now, and every value they had before (from the snapshots).
        var values = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new HashSet<(string First, string Last)>();
        Collect(values, names, customer.FirstName, customer.LastName, customer.Email, customer.Phone, customer.CompanyName);
        var snapshots = await session.QueryAsync<(string? Before, string? After)>(
            "select before::text, after::text from audit_log where workspace_id = @ws and entity_type = 'customer' and entity_id = @customerId",
            new { ws, customerId }, cancellationToken);
        foreach (var (before, after) in snapshots)
        {
            CollectFromSnapshot(values, names, before);
            CollectFromSnapshot(values, names, after);
        }

        values.Remove(PersonalDataScrubber.ErasedName);
        values.Remove(erasedEmail);
        // Within the person's own records any value they have or had is theirs. In log rows that belong to nobody's
        // record (searches and exports in the audit log, mail in the outbox) only what identifies them on its own —
        // an email, a phone number, a full name — so another "Anna" keeps her entries.
        var identifying = values.Where(v => v.Contains('@', StringComparison.Ordinal) || IsPhone(v))
            .Concat(names.Where(n => n.First != PersonalDataScrubber.ErasedName || n.Last != PersonalDataScrubber.ErasedName)
                .SelectMany(n => new[] { $"{n.First} {n.Last}", $"{n.Last} {n.First}", $"{n.Last}{n.First}" }))
            .ToList();
        var own = new PersonalDataScrubber(values, blankPersonalKeys: true, erasedEmail);
        var elsewhere = new PersonalDataScrubber(identifying, blankPersonalKeys: false, erasedEmail);
        // A cheap pre-filter in SQL (one case-insensitive regular expression over the text); the scrubber decides.
        var pattern = identifying.Count == 0
            ? null
            : string.Join('|', identifying.SelectMany(PersonalDataScrubber.SearchForms).Distinct().Select(RegexLiteral));

        await session.ExecuteAsync("""
            update customers set first_name = @name, last_name = @name, email = @erasedEmail, phone = null, company_name = null,
                region = null, city = null, postal_code = null, tags = '{}', custom_fields = '{}', external_ids = '{}',
                status = 'inactive', updated_at = now(), version = version + 1
            where workspace_id = @ws and id = @customerId
            """, new { ws, customerId, name = PersonalDataScrubber.ErasedName, erasedEmail }, cancellationToken);
        await session.ExecuteAsync("delete from customer_external_ids where workspace_id = @ws and customer_id = @customerId",
            new { ws, customerId }, cancellationToken);

        // Orders keep amounts, currency, dates, status, items and the destination country (tax); not who or where.
        await session.ExecuteAsync("""
            update orders set shipping_address = null, tracking_number = null, tracking_url = null, notes = null,
                refunds = coalesce((select jsonb_agg(case when jsonb_typeof(r) = 'object' then r || jsonb_build_object('reason', null) else r end order by n)
                                    from jsonb_array_elements(refunds) with ordinality as e(r, n)), '[]'::jsonb),
                updated_at = now(), version = version + 1
            where workspace_id = @ws and customer_id = @customerId
            """, new { ws, customerId }, cancellationToken);

        // Activities about the person keep their type, time, who logged them and task state (the team's work
        // history); what was said or written goes, and so do attached files and what notifications repeated.
        var attachmentKeys = (await session.QueryAsync<string>("""
            delete from activity_attachments t using activities a
            where t.workspace_id = @ws and a.workspace_id = @ws and t.activity_id = a.id and a.customer_id = @customerId
            returning t.storage_key
            """, new { ws, customerId }, cancellationToken)).ToList();
        var activities = await session.ExecuteAsync("""
            update activities set subject = @name, description = null, email_metadata = null, updated_at = now(), version = version + 1
            where workspace_id = @ws and customer_id = @customerId
            """, new { ws, customerId, name = PersonalDataScrubber.ErasedName }, cancellationToken);
        await session.ExecuteAsync("""
            delete from notifications where workspace_id = @ws and data ->> 'customer_id' = @customerText
            """, new { ws, customerText = customerId.ToString() }, cancellationToken);

        var timeline = await ScrubTimelineAsync(session, customerId, own, cancellationToken);
        var outbox = await ScrubOutboxAsync(session, entities, own, elsewhere, pattern, cancellationToken);
        var audit = await ScrubAuditAsync(session, entities, own, elsewhere, pattern, cancellationToken);
        var consents = await ScrubConsentsAsync(session, customerId, own, cancellationToken);

        var summary = new { orders_kept = orderIds.Length, activities_scrubbed = activities, attachments_deleted = attachmentKeys.Count, timeline_entries_scrubbed = timeline, outbox_messages_scrubbed = outbox, audit_entries_scrubbed = audit, consents_scrubbed = consents };
        await TimelineJournal.AppendAsync(session, customerId, "customer.erased", null, new { }, DateTimeOffset.UtcNow, cancellationToken);
        await ChangeJournal.AppendAsync(session, context, "customer", customerId, "erase", null, summary,
            "customer.erased", new { id = customerId }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new ErasureResult(ErasureOutcome.Erased, orderIds, attachmentKeys);
    }

    private static async Task<int> ScrubTimelineAsync(WorkspaceSession session, Guid customerId, PersonalDataScrubber own, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<(long Id, string Data)>(
            "select id, data::text from timeline_entries where workspace_id = @ws and customer_id = @customerId",
            new { ws = session.Workspace.Value, customerId }, cancellationToken);
        var changed = rows.Select(r => (r.Id, Data: own.Scrub(r.Data))).Where(r => r.Data is not null).ToList();
        if (changed.Count > 0)
        {
            await session.ExecuteAsync("""
                update timeline_entries t set data = v.data::jsonb
                from unnest(@ids, @datas) as v(id, data)
                where t.workspace_id = @ws and t.customer_id = @customerId and t.id = v.id
                """, new { ws = session.Workspace.Value, customerId, ids = changed.Select(c => c.Id).ToArray(), datas = changed.Select(c => c.Data).ToArray() },
                cancellationToken);
        }

        return changed.Count;
    }

    /// <summary>The person's messages (their customer's and orders'), and any message of no customer or order that names them.</summary>
    private static async Task<int> ScrubOutboxAsync(WorkspaceSession session, Guid[] entities, PersonalDataScrubber own, PersonalDataScrubber elsewhere, string? pattern, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<(long Id, Guid? EntityId, string Payload)>("""
            select id, entity_id, payload::text from outbox
            where workspace_id = @ws and (entity_id = any(@entities)
                or (@pattern::text is not null and topic not like 'customer.%' and topic not like 'order.%' and payload::text ~* @pattern))
            """, new { ws = session.Workspace.Value, entities, pattern }, cancellationToken);
        var changed = rows
            .Select(r => (r.Id, Payload: (IsOwn(r.EntityId, entities) ? own : elsewhere).Scrub(r.Payload)))
            .Where(r => r.Payload is not null).ToList();
        if (changed.Count > 0)
        {
            await session.ExecuteAsync("""
                update outbox o set payload = v.payload::jsonb
                from unnest(@ids, @payloads) as v(id, payload)
                where o.workspace_id = @ws and o.id = v.id
                """, new { ws = session.Workspace.Value, ids = changed.Select(c => c.Id).ToArray(), payloads = changed.Select(c => c.Payload).ToArray() },
                cancellationToken);
        }

        return changed.Count;
    }

    /// <summary>
    /// The person's audit rows (their customer's and orders'), and rows about no customer or order — searches, exports,
    /// team and settings changes — that name them. Only before/after change: the append-only trigger allows that, and
    /// only that, under crm.audit_erasure. The cheap conditions come first, so the text is only read for those rows.
    /// </summary>
    private static async Task<int> ScrubAuditAsync(WorkspaceSession session, Guid[] entities, PersonalDataScrubber own, PersonalDataScrubber elsewhere, string? pattern, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<(long Id, Guid? EntityId, string? Before, string? After)>("""
            select id, entity_id, before::text, after::text from audit_log
            where workspace_id = @ws and (entity_id = any(@entities)
                or (@pattern::text is not null and (entity_id is null or entity_type not in ('customer', 'order'))
                    and concat(before::text, ' ', after::text) ~* @pattern))
            """, new { ws = session.Workspace.Value, entities, pattern }, cancellationToken);
        var changed = new List<(long Id, string? Before, string? After)>();
        foreach (var row in rows)
        {
            var scrubber = IsOwn(row.EntityId, entities) ? own : elsewhere;
            var before = scrubber.Scrub(row.Before);
            var after = scrubber.Scrub(row.After);
            if (before is not null || after is not null)
            {
                changed.Add((row.Id, before ?? row.Before, after ?? row.After));
            }
        }

        if (changed.Count > 0)
        {
            await session.ExecuteAsync("""
                update audit_log a set before = v.before::jsonb, after = v.after::jsonb
                from unnest(@ids, @befores, @afters) as v(id, before, after)
                where a.workspace_id = @ws and a.id = v.id
                """, new
            {
                ws = session.Workspace.Value,
                ids = changed.Select(c => c.Id).ToArray(),
                befores = changed.Select(c => c.Before).ToArray(),
                afters = changed.Select(c => c.After).ToArray(),
            }, cancellationToken);
        }

        return changed.Count;
    }

    /// <summary>Purpose, answer, time and recorder stay as proof; source and wording version lose any mention of the person.</summary>
    private static async Task<int> ScrubConsentsAsync(WorkspaceSession session, Guid customerId, PersonalDataScrubber own, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<(Guid Id, string Source, string TextVersion)>(
            "select id, source, text_version from customer_consents where workspace_id = @ws and customer_id = @customerId",
            new { ws = session.Workspace.Value, customerId }, cancellationToken);
        var changed = rows
            .Where(r => own.Mentions(r.Source) || own.Mentions(r.TextVersion))
            .Select(r => (r.Id, Source: own.Mentions(r.Source) ? PersonalDataScrubber.ErasedText : r.Source,
                TextVersion: own.Mentions(r.TextVersion) ? PersonalDataScrubber.ErasedText : r.TextVersion))
            .ToList();
        if (changed.Count > 0)
        {
            await session.ExecuteAsync("""
                update customer_consents c set source = v.source, text_version = v.text_version
                from unnest(@ids, @sources, @versions) as v(id, source, text_version)
                where c.workspace_id = @ws and c.customer_id = @customerId and c.id = v.id
                """, new
            {
                ws = session.Workspace.Value,
                customerId,
                ids = changed.Select(c => c.Id).ToArray(),
                sources = changed.Select(c => c.Source).ToArray(),
                versions = changed.Select(c => c.TextVersion).ToArray(),
            }, cancellationToken);
        }

        return changed.Count;
    }

    /// <summary>A PostgreSQL regular expression matching the text literally: every ASCII punctuation escaped.</summary>
    private static string RegexLiteral(string text) =>
        string.Concat(text.Select(c => c < 128 && !char.IsAsciiLetterOrDigit(c) ? $"\\{c}" : c.ToString()));

    private static bool IsOwn(Guid? entityId, Guid[] entities) => entityId is { } id && entities.Contains(id);

    private static bool IsPhone(string value) => value.Count(char.IsDigit) >= 6 && value.All(c => char.IsDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.');

    private static void Collect(HashSet<string> values, HashSet<(string First, string Last)> names, string? first, string? last, params string?[] others)
    {
        foreach (var value in others.Append(first).Append(last))
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                values.Add(value.Trim());
            }
        }

        if (!string.IsNullOrWhiteSpace(first) && !string.IsNullOrWhiteSpace(last))
        {
            names.Add((first.Trim(), last.Trim()));
        }
    }

    /// <summary>The identifying values in customer snapshots (at any depth: outbox payloads nest them under "data").</summary>
    private static void CollectFromSnapshot(HashSet<string> values, HashSet<(string First, string Last)> names, string? json)
    {
        if (json is null)
        {
            return;
        }

        var pending = new Stack<JsonNode?>([JsonNode.Parse(json)]);
        while (pending.TryPop(out var node))
        {
            if (node is JsonObject obj)
            {
                Collect(values, names, Text(obj, "first_name"), Text(obj, "last_name"),
                    IdentifyingKeys.Skip(2).Select(k => Text(obj, k)).ToArray());
                foreach (var (_, value) in obj)
                {
                    pending.Push(value);
                }
            }
            else if (node is JsonArray array)
            {
                foreach (var item in array)
                {
                    pending.Push(item);
                }
            }
        }
    }

    private static string? Text(JsonObject obj, string key) =>
        obj.TryGetPropertyValue(key, out var value) && value is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
}
