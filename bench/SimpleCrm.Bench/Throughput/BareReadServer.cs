using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data;
using SimpleCrm.Data.Customers;
using SimpleCrm.Data.Lists;
using SimpleCrm.Data.Orders;

namespace SimpleCrm.Bench.Throughput;

/// <summary>
/// The floor for API reads, served beside the CRM: plain ASP.NET Core, no Orleans, no sign-in, no rate limit, no
/// read audit. A customer by id is one primary-key SELECT with Npgsql + Dapper. The list, search and a customer's
/// orders run the CRM's own query classes (the same SQL, the same row-level security), so for those the ratio
/// isolates what the CRM adds around the query: authentication, budgets, auditing, grains and the pipeline.
/// </summary>
public static class BareReadServer
{
    public static async Task RunAsync(string connectionString, int port)
    {
        var workspace = await DataSample.WorkspaceWithCustomersAsync(connectionString);
        // The workspace is fixed for the session, as a single-tenant service would have it: no per-request setting.
        var pinned = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 32, Options = $"-c crm.workspace_id={workspace}" }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(pinned);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddCrmData(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 32 }.ConnectionString);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
        var app = builder.Build();
        var tenant = new WorkspaceId(workspace);

        app.MapGet("/customers/{id:guid}", async (Guid id) =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            // Dapper's untyped row is a dictionary of column name to value: serialized as it is, snake_case like the API.
            var row = (IDictionary<string, object?>?)await connection.QuerySingleOrDefaultAsync(
                """
                select id, first_name, last_name, email, phone, company_name, country_code, region, city, postal_code, timezone,
                       language, currency, status, tags, custom_fields::text as custom_fields, lifetime_value, lifetime_value_usd,
                       total_orders, average_order_value, first_order_date, last_order_date, created_at, updated_at, version
                from customers where workspace_id = @workspace and id = @id
                """,
                new { workspace, id });
            return row is null ? Results.NotFound() : Results.Ok(row);
        });
        app.MapGet("/customers/{id:guid}/orders", async (Guid id, OrderQueries orders, CancellationToken cancellationToken) =>
            Results.Ok(await orders.ListAsync(tenant, new OrderFilter { CustomerId = id }, OrderQueries.DefaultSort, new PageRequest(25, null, 0, false), cancellationToken)));
        app.MapGet("/customers", async (string? q, CustomerQueries customers, CancellationToken cancellationToken) =>
            Results.Ok(await customers.ListAsync(tenant, new CustomerFilter { Search = q }, CustomerQueries.DefaultSort, new PageRequest(25, null, 0, false), cancellationToken)));
        await app.RunAsync();
    }
}
