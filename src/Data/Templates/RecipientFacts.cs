using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Templates;

/// <summary>What a template may say about the customer it is rendered for.</summary>
public sealed record RecipientCustomer(
    Guid Id, string FirstName, string LastName, string Email, string? CompanyName, string CountryCode, string? City,
    string Timezone, string Language, string Currency, decimal LifetimeValue, int TotalOrders, Guid? OwnerId);

/// <summary>The customer's most recent order, if any.</summary>
public sealed record RecipientOrder(string OrderNumber, string Status, string Currency, decimal TotalAmount, DateTimeOffset OrderedAt, string? TrackingUrl);

/// <summary>The team member a message is sent as.</summary>
public sealed record SendingAgent(string FirstName, string LastName, string Email);

/// <summary>Everything a template renders from: the customer, their latest order, the agent and the workspace (the shop).</summary>
public sealed record RecipientFacts(RecipientCustomer Customer, RecipientOrder? LatestOrder, SendingAgent? Agent, string WorkspaceName);

/// <summary>Reads the facts a template is rendered with, in one transaction.</summary>
public sealed class RecipientFactsQuery(CrmDatabase database)
{
    public async Task<RecipientFacts?> FindAsync(WorkspaceId workspace, Guid customerId, Guid? agentId, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var customer = await session.QuerySingleOrDefaultAsync<RecipientCustomer>("""
            select id, first_name, last_name, email, company_name, country_code, city, timezone, language, currency,
                   lifetime_value, total_orders, owner_id
            from customers where workspace_id = @workspace and id = @customerId
            """, new { workspace = workspace.Value, customerId }, cancellationToken);
        if (customer is null)
        {
            return null;
        }

        var order = await session.QuerySingleOrDefaultAsync<RecipientOrder>("""
            select order_number, status, currency, total_amount, ordered_at, tracking_url
            from orders where workspace_id = @workspace and customer_id = @customerId
            order by ordered_at desc, id desc limit 1
            """, new { workspace = workspace.Value, customerId }, cancellationToken);
        var agent = agentId is null ? null : await session.QuerySingleOrDefaultAsync<SendingAgent>(
            """
            select m.first_name, m.last_name, u.email
            from workspace_members m join users u on u.id = m.user_id
            where m.workspace_id = @workspace and m.user_id = @agentId
            """,
            new { workspace = workspace.Value, agentId }, cancellationToken);
        var name = await session.QuerySingleOrDefaultAsync<string>("select name from workspaces where id = @workspace",
            new { workspace = workspace.Value }, cancellationToken);
        return new RecipientFacts(customer, order, agent, name ?? "");
    }
}
