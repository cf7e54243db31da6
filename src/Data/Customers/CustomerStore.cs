using Npgsql;
using SimpleCrm.Data.Changes;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Contracts.Orders;

namespace SimpleCrm.Data.Customers;

/// <summary>
/// Writes of the customers table. Only the customer's grain calls these, so each customer has one writer;
/// each write commits the row, its audit row and its outbox row together.
/// </summary>
public sealed class CustomerStore : IAsyncDisposable
{
    private readonly CrmDatabase database;
    private readonly GroupCommit<CustomerSnapshot, bool> metricsWriter;
    private readonly GroupCommit<(CustomerSnapshot Customer, ChangeContext Context), bool> insertWriter;

    /// <summary>
    /// Activations read their row in groups too: a burst of first-time buyers activates hundreds of customer grains a
    /// second, and one statement for all of them costs one transaction instead of one each. No linger: a read waits only
    /// while the previous group is being read, and never longer in all than one statement may take.
    /// </summary>
    private readonly GroupCommit<Guid, CustomerSnapshot?> loader;

    public CustomerStore(CrmDatabase database)
    {
        this.database = database;
        metricsWriter = new(database, UpdateMetricsAsync);
        insertWriter = new(database, InsertManyAsync);
        loader = new(database, LoadManyAsync, linger: TimeSpan.Zero, maxWait: database.StatementLimit);
    }

    public async ValueTask DisposeAsync()
    {
        await metricsWriter.DisposeAsync();
        await insertWriter.DisposeAsync();
        await loader.DisposeAsync();
    }

    public const string EmailConstraint = "customers_email_uq";

    public Task<CustomerSnapshot?> LoadAsync(WorkspaceId workspace, Guid id, CancellationToken cancellationToken = default) =>
        loader.WriteAsync(workspace, id, cancellationToken);

    private static async Task<IReadOnlyList<CustomerSnapshot?>> LoadManyAsync(WorkspaceSession session, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var rows = (await session.QueryAsync<CustomerRow>(
            $"select {CustomerRow.Columns} from customers where workspace_id = @workspace and id = any(@ids)",
            new { workspace = session.Workspace.Value, ids = ids.Distinct().ToArray() }, cancellationToken)).ToDictionary(r => r.Id);
        return ids.Select(id => rows.TryGetValue(id, out var row) ? row.ToSnapshot() : null).ToList();
    }

    /// <summary>
    /// A new customer: the row, its external ids, audit and outbox rows in one transaction — shared with the other
    /// customers created at the same moment (a shop's burst of first-time buyers), see <see cref="GroupCommit{TWrite,TResult}"/>.
    /// </summary>
    public Task InsertAsync(CustomerSnapshot customer, ChangeContext context, CancellationToken cancellationToken = default) =>
        insertWriter.WriteAsync(customer.Workspace, (customer, context), cancellationToken);

    private static async Task<IReadOnlyList<bool>> InsertManyAsync(WorkspaceSession session, IReadOnlyList<(CustomerSnapshot Customer, ChangeContext Context)> writes,
        CancellationToken cancellationToken)
    {
        await session.ExecuteAsync("""
            insert into customers (workspace_id, id, first_name, last_name, email, phone, company_name, country_code, region,
                city, postal_code, timezone, language, currency, status, tags, custom_fields, owner_id, external_ids, created_at, updated_at, version)
            select r.workspace_id, r.id, r.first_name, r.last_name, r.email, r.phone, r.company_name, r.country_code, r.region,
                r.city, r.postal_code, r.timezone, r.language, r.currency, r.status, coalesce(r.tags, '{}'), coalesce(r.custom_fields, '{}'),
                r.owner_id, coalesce(r.external_ids, '{}'), r.created_at, r.updated_at, r.version
            from jsonb_array_elements(@rows::jsonb) as e(j), jsonb_populate_record(null::customers, e.j) as r
            """, new
        {
            rows = System.Text.Json.JsonSerializer.Serialize(writes.Select(w => JsonRow(w.Customer)), CrmJson.Options),
        }, cancellationToken);
        await WriteExternalIdsAsync(session, writes.Select(w => w.Customer).ToList(), cancellationToken);
        await ChangeJournal.AppendManyAsync(session, writes.Select(w => new JournalEntry(w.Context, "customer", w.Customer.Id, "create", null,
            Customer.From(w.Customer), "customer.created", Customer.From(w.Customer))).ToList(), cancellationToken);
        return writes.Select(_ => true).ToList();
    }

    /// <returns>false when the stored version is not <paramref name="before"/>'s (someone else wrote first).</returns>
    public async Task<bool> UpdateAsync(CustomerSnapshot before, CustomerSnapshot after, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(after.Workspace, cancellationToken);
        var updated = await session.ExecuteAsync("""
            update customers c set first_name = r.first_name, last_name = r.last_name, email = r.email, phone = r.phone,
                company_name = r.company_name, country_code = r.country_code, region = r.region, city = r.city,
                postal_code = r.postal_code, timezone = r.timezone, language = r.language, currency = r.currency,
                status = r.status, tags = coalesce(r.tags, '{}'), custom_fields = coalesce(r.custom_fields, '{}'), owner_id = r.owner_id,
                external_ids = coalesce(r.external_ids, '{}'), updated_at = r.updated_at, version = r.version
            from jsonb_populate_record(null::customers, @row::jsonb) as r
            where c.workspace_id = r.workspace_id and c.id = r.id and c.version = @previousVersion
            """, new { row = System.Text.Json.JsonSerializer.Serialize(JsonRow(after), CrmJson.Options), previousVersion = before.Version }, cancellationToken);
        if (updated != 1)
        {
            return false;
        }

        await WriteExternalIdsAsync(session, after, cancellationToken);

        await ChangeJournal.AppendAsync(session, context, "customer", after.Id, "update", Customer.From(before), Customer.From(after),
            "customer.updated", Customer.From(after), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> DeleteAsync(CustomerSnapshot customer, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(customer.Workspace, cancellationToken);
        var deleted = await session.ExecuteAsync(
            "delete from customers where workspace_id = @workspace and id = @id and version = @version",
            new { workspace = customer.Workspace.Value, id = customer.Id, version = customer.Version }, cancellationToken);
        if (deleted != 1)
        {
            return false;
        }

        await ChangeJournal.AppendAsync(session, context, "customer", customer.Id, "delete", Customer.From(customer), null,
            "customer.deleted", new { id = customer.Id }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Metrics are derived from orders: no audit row and no version bump (the version guards the profile). Every order
    /// change moves them, so they are committed in groups (<see cref="GroupCommit{TWrite,TResult}"/>): under a burst of
    /// orders one statement carries many customers' figures.
    /// </summary>
    public Task UpdateMetricsAsync(CustomerSnapshot customer, CancellationToken cancellationToken = default) =>
        metricsWriter.WriteAsync(customer.Workspace, customer, cancellationToken);

    private static async Task<IReadOnlyList<bool>> UpdateMetricsAsync(WorkspaceSession session, IReadOnlyList<CustomerSnapshot> customers, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync("""
            update customers c set lifetime_value = m.lifetime_value, total_orders = m.total_orders, average_order_value = m.average_order_value,
                lifetime_value_usd = m.lifetime_value_usd, average_order_value_usd = m.average_order_value_usd,
                first_order_date = m.first_order_date, last_order_date = m.last_order_date, pending_usd_orders = m.pending_usd_orders
            from jsonb_to_recordset(@rows::jsonb) as m(id uuid, lifetime_value numeric, total_orders int, average_order_value numeric,
                lifetime_value_usd numeric, average_order_value_usd numeric, first_order_date timestamptz, last_order_date timestamptz, pending_usd_orders int)
            where c.workspace_id = @workspace and c.id = m.id
            """, new
        {
            workspace = session.Workspace.Value,
            rows = System.Text.Json.JsonSerializer.Serialize(customers.Select(c => new
            {
                c.Id,
                c.Metrics.LifetimeValue,
                c.Metrics.TotalOrders,
                c.Metrics.AverageOrderValue,
                c.Metrics.LifetimeValueUsd,
                c.Metrics.AverageOrderValueUsd,
                c.Metrics.FirstOrderDate,
                c.Metrics.LastOrderDate,
                c.Metrics.PendingUsdOrders,
            }), CrmJson.Options),
        }, cancellationToken);
        return customers.Select(_ => true).ToList();
    }

    /// <summary>The latest fact of every order of the customer, to compute metrics on activation.</summary>
    public async Task<IReadOnlyList<OrderFact>> LoadOrderFactsAsync(WorkspaceId workspace, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var rows = await session.QueryAsync<(Guid Id, int Version, string Status, string Currency, decimal Total, decimal Refunded, decimal? TotalUsd, decimal RefundedUsd, DateTime OrderedAt)>("""
            select id, version, status, currency, total_amount, refunded_amount, total_amount_usd, refunded_amount_usd, ordered_at
            from orders where workspace_id = @workspace and customer_id = @customerId
            """, new { workspace = workspace.Value, customerId }, cancellationToken);
        return rows.Select(r => new OrderFact(r.Id, r.Version, Enum.Parse<OrderStatus>(r.Status, ignoreCase: true), r.Currency,
            r.Total - r.Refunded, r.TotalUsd - r.RefundedUsd, new DateTimeOffset(DateTime.SpecifyKind(r.OrderedAt, DateTimeKind.Utc)))).ToList();
    }

    public static bool IsExternalIdTaken(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: "customer_external_ids" };

    private static Task WriteExternalIdsAsync(WorkspaceSession session, CustomerSnapshot customer, CancellationToken cancellationToken) =>
        WriteExternalIdsAsync(session, [customer], cancellationToken);

    /// <summary>Replaces the customers' external ids (source → id) with the ones their profiles hold.</summary>
    private static async Task WriteExternalIdsAsync(WorkspaceSession session, IReadOnlyList<CustomerSnapshot> customers, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync("delete from customer_external_ids where workspace_id = @workspace and customer_id = any(@ids)",
            new { workspace = session.Workspace.Value, ids = customers.Select(c => c.Id).ToArray() }, cancellationToken);
        var rows = customers.SelectMany(c => c.Profile.ExternalIds.Select(e => (Customer: c.Id, Source: e.Key, Id: e.Value))).ToList();
        if (rows.Count > 0)
        {
            await session.ExecuteAsync("""
                insert into customer_external_ids (workspace_id, source, external_id, customer_id)
                select @workspace, source, external_id, customer_id from unnest(@sources, @ids, @customers) as e(source, external_id, customer_id)
                """, new
            {
                workspace = session.Workspace.Value,
                sources = rows.Select(r => r.Source).ToArray(),
                ids = rows.Select(r => r.Id).ToArray(),
                customers = rows.Select(r => r.Customer).ToArray(),
            }, cancellationToken);
        }
    }

    public static bool IsDuplicateEmail(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: EmailConstraint };

    /// <summary>A customer as a JSON object with the table's column names, read back with <c>jsonb_populate_record(null::customers, …)</c> by every write of the profile.</summary>
    private static object JsonRow(CustomerSnapshot c) => new
    {
        WorkspaceId = c.Workspace.Value,
        c.Id,
        c.Profile.FirstName,
        c.Profile.LastName,
        c.Profile.Email,
        c.Profile.Phone,
        c.Profile.CompanyName,
        c.Profile.CountryCode,
        c.Profile.Region,
        c.Profile.City,
        c.Profile.PostalCode,
        c.Profile.Timezone,
        c.Profile.Language,
        c.Profile.Currency,
        Status = c.Profile.Status.ToName(),
        c.Profile.Tags,
        CustomFields = System.Text.Json.JsonDocument.Parse(c.Profile.CustomFieldsJson ?? "{}").RootElement,
        c.Profile.OwnerId,
        ExternalIds = System.Text.Json.JsonSerializer.SerializeToElement(c.Profile.ExternalIds),
        c.CreatedAt,
        c.UpdatedAt,
        c.Version,
    };
}
