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
public sealed class CustomerStore(CrmDatabase database)
{
    public const string EmailConstraint = "customers_email_uq";

    public async Task<CustomerSnapshot?> LoadAsync(WorkspaceId workspace, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var row = await session.QuerySingleOrDefaultAsync<CustomerRow>(
            $"select {CustomerRow.Columns} from customers where workspace_id = @workspace and id = @id",
            new { workspace = workspace.Value, id }, cancellationToken);
        return row?.ToSnapshot();
    }

    public async Task InsertAsync(CustomerSnapshot customer, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(customer.Workspace, cancellationToken);
        await session.ExecuteAsync("""
            insert into customers (workspace_id, id, first_name, last_name, email, phone, company_name, country_code, region,
                city, postal_code, timezone, language, currency, status, tags, custom_fields, owner_id, external_ids, created_at, updated_at, version)
            values (@Workspace, @Id, @FirstName, @LastName, @Email, @Phone, @CompanyName, @CountryCode, @Region,
                @City, @PostalCode, @Timezone, @Language, @Currency, @Status, @Tags, @CustomFields::jsonb, @OwnerId, @ExternalIds::jsonb,
                @CreatedAt, @UpdatedAt, @Version)
            """, Parameters(customer), cancellationToken);
        await WriteExternalIdsAsync(session, customer, cancellationToken);
        await ChangeJournal.AppendAsync(session, context, "customer", customer.Id, "create", null, Customer.From(customer),
            "customer.created", Customer.From(customer), cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    /// <returns>false when the stored version is not <paramref name="before"/>'s (someone else wrote first).</returns>
    public async Task<bool> UpdateAsync(CustomerSnapshot before, CustomerSnapshot after, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(after.Workspace, cancellationToken);
        var updated = await session.ExecuteAsync("""
            update customers set first_name = @FirstName, last_name = @LastName, email = @Email, phone = @Phone,
                company_name = @CompanyName, country_code = @CountryCode, region = @Region, city = @City,
                postal_code = @PostalCode, timezone = @Timezone, language = @Language, currency = @Currency,
                status = @Status, tags = @Tags, custom_fields = @CustomFields::jsonb, owner_id = @OwnerId,
                external_ids = @ExternalIds::jsonb, updated_at = @UpdatedAt, version = @Version
            where workspace_id = @Workspace and id = @Id and version = @PreviousVersion
            """, Parameters(after, before.Version), cancellationToken);
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

    /// <summary>Metrics are derived from orders: no audit row and no version bump (the version guards the profile).</summary>
    public async Task UpdateMetricsAsync(CustomerSnapshot customer, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(customer.Workspace, cancellationToken);
        var m = customer.Metrics;
        await session.ExecuteAsync("""
            update customers set lifetime_value = @LifetimeValue, total_orders = @TotalOrders, average_order_value = @AverageOrderValue,
                lifetime_value_usd = @LifetimeValueUsd, average_order_value_usd = @AverageOrderValueUsd,
                first_order_date = @FirstOrderDate, last_order_date = @LastOrderDate, pending_usd_orders = @PendingUsdOrders
            where workspace_id = @workspace and id = @id
            """, new
        {
            workspace = customer.Workspace.Value,
            id = customer.Id,
            m.LifetimeValue,
            m.TotalOrders,
            m.AverageOrderValue,
            m.LifetimeValueUsd,
            m.AverageOrderValueUsd,
            m.FirstOrderDate,
            m.LastOrderDate,
            m.PendingUsdOrders,
        }, cancellationToken);
        await session.CommitAsync(cancellationToken);
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

    private static async Task WriteExternalIdsAsync(WorkspaceSession session, CustomerSnapshot customer, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync("delete from customer_external_ids where workspace_id = @workspace and customer_id = @id",
            new { workspace = customer.Workspace.Value, id = customer.Id }, cancellationToken);
        if (customer.Profile.ExternalIds.Count > 0)
        {
            await session.ExecuteAsync("""
                insert into customer_external_ids (workspace_id, source, external_id, customer_id)
                select @workspace, source, external_id, @id from unnest(@sources, @ids) as e(source, external_id)
                """, new
            {
                workspace = customer.Workspace.Value,
                id = customer.Id,
                sources = customer.Profile.ExternalIds.Keys.ToArray(),
                ids = customer.Profile.ExternalIds.Values.ToArray(),
            }, cancellationToken);
        }
    }

    public static bool IsDuplicateEmail(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: EmailConstraint };

    private static object Parameters(CustomerSnapshot c, int previousVersion = 0) => new
    {
        Workspace = c.Workspace.Value,
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
        Tags = c.Profile.Tags.ToArray(),
        CustomFields = c.Profile.CustomFieldsJson,
        c.Profile.OwnerId,
        ExternalIds = System.Text.Json.JsonSerializer.Serialize(c.Profile.ExternalIds),
        c.CreatedAt,
        c.UpdatedAt,
        c.Version,
        PreviousVersion = previousVersion,
    };
}
