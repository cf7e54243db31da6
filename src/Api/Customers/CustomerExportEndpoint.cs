using SimpleCrm.Api.Access;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Workspaces;
using SimpleCrm.Data.Customers;
using SimpleCrm.Domain.Customers;

namespace SimpleCrm.Api.Customers;

/// <summary>
/// GET /customers/export: every customer a filter matches, as CSV or JSON, streamed row by row from
/// PostgreSQL to the response, so a million customers export with flat memory.
/// </summary>
public static class CustomerExportEndpoint
{
    public static RouteGroupBuilder MapCustomerExport(this RouteGroupBuilder customers)
    {
        customers.MapGet("/export", Export).RequirePermission(Permission.CustomersExport).WithName("ExportCustomers").WithQueryDocs<CustomerListQueryDocs>()
            .WithSummary("Export the customers a filter matches (same filters as the list) as format=csv (default) or json, streamed.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces<Customer[]>(StatusCodes.Status200OK, contentType: "application/json");
        return customers;
    }

    private static async Task<IResult> Export(HttpContext http, CustomerQueries queries, SimpleCrm.Data.Audit.AuditLog audit)
    {
        var query = new QueryReader(http.Request.Query, "custom.");
        var filter = CustomerListEndpoint.ReadFilter(query).VisibleTo(http.Caller());
        var format = query.Text("format", 10)?.ToLowerInvariant() ?? "csv";
        if (format is not ("csv" or "json"))
        {
            query.Fail("format", "csv or json.");
        }

        if (!query.Complete())
        {
            return Problem.InvalidQuery(query.Errors);
        }

        var workspace = http.Workspace();
        // An export is a read of personal data in bulk: audited, with the filter that chose the rows.
        await audit.RecordAsync(workspace, http.ChangeContext(), "export", "customer", null, new { query = http.Request.QueryString.Value, format }, http.RequestAborted);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"customers-{stamp}.{format}\"";
        var rows = queries.StreamAsync(workspace, filter, http.RequestAborted);
        if (format == "json")
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            // Over the response's PipeWriter, the JSON writer only fills buffers; the awaited flush sends them.
            var pipe = http.Response.BodyWriter;
            await using var json = new Utf8JsonWriter(pipe);
            json.WriteStartArray();
            await foreach (var customer in rows)
            {
                JsonSerializer.Serialize(json, Customer.From(customer), CrmJson.Options);
                if (pipe.UnflushedBytes > 32 * 1024)
                {
                    await pipe.FlushAsync(http.RequestAborted);
                }
            }

            json.WriteEndArray();
            json.Flush();
            await pipe.FlushAsync(http.RequestAborted);
        }
        else
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), 32 * 1024);
            await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
            await CustomerCsv.WriteHeaderAsync(csv);
            await foreach (var customer in rows)
            {
                await CustomerCsv.WriteRowAsync(csv, Customer.From(customer));
            }

            await csv.FlushAsync();
            await writer.FlushAsync(http.RequestAborted);
        }

        return Results.Empty;
    }
}
