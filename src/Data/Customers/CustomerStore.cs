using Npgsql;
using SimpleCrm.Data.Changes;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Grains.Common;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Grains.Customers;

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
                city, postal_code, timezone, language, currency, status, tags, custom_fields, created_at, updated_at, version)
            values (@Workspace, @Id, @FirstName, @LastName, @Email, @Phone, @CompanyName, @CountryCode, @Region,
                @City, @PostalCode, @Timezone, @Language, @Currency, @Status, @Tags, @CustomFields::jsonb, @CreatedAt, @UpdatedAt, @Version)
            """, Parameters(customer), cancellationToken);
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
                status = @Status, tags = @Tags, custom_fields = @CustomFields::jsonb, updated_at = @UpdatedAt, version = @Version
            where workspace_id = @Workspace and id = @Id and version = @PreviousVersion
            """, Parameters(after, before.Version), cancellationToken);
        if (updated != 1)
        {
            return false;
        }

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
        c.CreatedAt,
        c.UpdatedAt,
        c.Version,
        PreviousVersion = previousVersion,
    };
}
