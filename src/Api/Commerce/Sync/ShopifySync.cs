using System.Text.Json;
using Microsoft.Extensions.Options;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Commerce;

namespace SimpleCrm.Api.Commerce.Sync;

/// <summary>
/// One Shopify shop's sync. A full sync runs a bulk operation per phase (customers, then orders with their line items)
/// and reads its JSONL result; a catch-up pages through what changed since the last sync (updated_at). Every page goes
/// to the inbox with the checkpoint that follows it, so a crash resumes at the first page not recorded: a running
/// bulk operation by its id, the JSONL by its line, a catch-up by its cursor.
/// </summary>
public sealed class ShopifySync(ShopifyAdminClient client, IOptions<ShopifyOptions> options) : IShopSync
{
    public string Platform => "shopify";

    public async Task RunAsync(ShopSyncContext context, CancellationToken cancellationToken)
    {
        var token = context.AccessToken ?? throw new ShopApiException("The shop has no access token.");
        var job = context.Job;
        if (job.Total == 0 && job.Phase == "customers" && job.Cursor is null && job.BulkOperationId is null)
        {
            job = job with { Total = await CountAsync(context.Shop.Domain, token, job.Since, cancellationToken) };
            job = await context.SaveAsync(job, [], cancellationToken);
        }

        foreach (var phase in new[] { "customers", "orders" })
        {
            if (Phases.IndexOf(job.Phase) > Phases.IndexOf(phase))
            {
                continue;
            }

            job = job.Kind == "full"
                ? await BulkPhaseAsync(context, token, job with { Phase = phase }, cancellationToken)
                : await CatchUpPhaseAsync(context, token, job with { Phase = phase }, cancellationToken);
            job = await context.SaveAsync(job with { Phase = Next(phase), Cursor = null, BulkOperationId = null }, [], cancellationToken);
        }
    }

    private static readonly List<string> Phases = ["customers", "orders", "done"];

    private static string Next(string phase) => Phases[Phases.IndexOf(phase) + 1];

    private async Task<long> CountAsync(string shop, string token, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var filter = since is { } s ? $"updated_at:>'{s.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}'" : null;
        var data = await client.QueryAsync(shop, token,
            "query($q: String) { customersCount(query: $q) { count } ordersCount(query: $q, limit: null) { count } }", new { q = filter }, 2, cancellationToken);
        return data.GetProperty("customersCount").GetProperty("count").GetInt64() + data.GetProperty("ordersCount").GetProperty("count").GetInt64();
    }

    private async Task<SyncJob> BulkPhaseAsync(ShopSyncContext context, string token, SyncJob job, CancellationToken cancellationToken)
    {
        var shop = context.Shop.Domain;
        if (job.BulkOperationId is null)
        {
            var query = job.Phase == "customers"
                ? $"{{ customers {{ edges {{ node {{ {ShopifyGraphRecords.CustomerFields} }} }} }} }}"
                : $"{{ orders {{ edges {{ node {{ {ShopifyGraphRecords.OrderFields} lineItems {{ edges {{ node {{ {ShopifyGraphRecords.LineItemFields} }} }} }} }} }} }} }}";
            var started = await client.QueryAsync(shop, token, """
                mutation($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { field message } } }
                """, new { query }, 10, cancellationToken);
            var run = started.GetProperty("bulkOperationRunQuery");
            if (run.Items("userErrors").FirstOrDefault() is { ValueKind: JsonValueKind.Object } error)
            {
                throw new ShopApiException($"Shopify refused the bulk query: {error.Text("message")}");
            }

            var id = run.Child("bulkOperation")?.Text("id") ?? throw new ShopApiException("Shopify started no bulk operation.");
            job = await context.SaveAsync(job with { BulkOperationId = id, Cursor = "0" }, [], cancellationToken);
        }

        var url = await AwaitBulkAsync(context, token, job, cancellationToken);
        if (url is null)
        {
            return job; // nothing to read: the shop has no such records
        }

        var skip = long.TryParse(job.Cursor, out var done) ? done : 0;
        var read = 0L;
        var page = new List<SyncRecord>();
        JsonElement? order = null;
        var lineItems = new List<JsonElement>();
        await foreach (var line in client.ReadLinesAsync(url, cancellationToken))
        {
            read++;
            if (read <= skip)
            {
                continue;
            }

            var node = JsonDocument.Parse(line).RootElement.Clone();
            if (node.Text("__parentId") is not null)
            {
                lineItems.Add(node);
                continue;
            }

            // A new parent: the one before it is complete with its children, so the lines before this one can be checkpointed.
            Flush();
            if (page.Count >= options.Value.PageSize)
            {
                job = await SavePageAsync(context, job, page, read - 1, cancellationToken);
                page.Clear();
            }

            if (job.Phase == "customers")
            {
                page.Add(ShopifyGraphRecords.Customer(node));
            }
            else
            {
                order = node;
            }
        }

        Flush();
        return await SavePageAsync(context, job, page, read, cancellationToken);

        void Flush()
        {
            if (order is { } o)
            {
                page.Add(ShopifyGraphRecords.Order(o, lineItems));
                order = null;
                lineItems.Clear();
            }
        }
    }

    private static Task<SyncJob> SavePageAsync(ShopSyncContext context, SyncJob job, List<SyncRecord> page, long consumedLines, CancellationToken cancellationToken)
    {
        var customers = page.Count(r => r.Topic.StartsWith("customers/", StringComparison.Ordinal));
        var high = page.Select(r => r.UpdatedAt).Append(job.HighWater).Max();
        return context.SaveAsync(job with
        {
            Cursor = consumedLines.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CustomersDone = job.CustomersDone + customers,
            OrdersDone = job.OrdersDone + (page.Count - customers),
            HighWater = high,
        }, page.ToList(), cancellationToken);
    }

    /// <returns>The result's URL once the operation completed; null when it found nothing.</returns>
    private async Task<string?> AwaitBulkAsync(ShopSyncContext context, string token, SyncJob job, CancellationToken cancellationToken)
    {
        while (true)
        {
            var data = await client.QueryAsync(context.Shop.Domain, token,
                "query($id: ID!) { node(id: $id) { ... on BulkOperation { id status errorCode objectCount url } } }", new { id = job.BulkOperationId }, 1, cancellationToken);
            var operation = data.Child("node") ?? throw new ShopApiException($"Shopify no longer knows bulk operation {job.BulkOperationId}.");
            switch (operation.Text("status"))
            {
                case "COMPLETED":
                    return operation.Text("url");
                case "CREATED" or "RUNNING":
                    await Task.Delay(TimeSpan.FromSeconds(options.Value.BulkPollSeconds), cancellationToken);
                    break;
                default:
                    throw new ShopApiException($"Shopify's bulk operation ended {operation.Text("status")} ({operation.Text("errorCode") ?? "no error code"}).");
            }
        }
    }

    private async Task<SyncJob> CatchUpPhaseAsync(ShopSyncContext context, string token, SyncJob job, CancellationToken cancellationToken)
    {
        var filter = job.Since is { } s ? $"updated_at:>'{s.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}'" : null;
        var connection = job.Phase == "customers" ? "customers" : "orders";
        var fields = job.Phase == "customers"
            ? ShopifyGraphRecords.CustomerFields
            : $"{ShopifyGraphRecords.OrderFields} lineItems(first: 100) {{ nodes {{ {ShopifyGraphRecords.LineItemFields} }} }}";
        var query = $$"""
            query($cursor: String, $q: String) {
              {{connection}}(first: 50, after: $cursor, sortKey: UPDATED_AT, query: $q) { pageInfo { hasNextPage endCursor } nodes { {{fields}} } }
            }
            """;
        while (true)
        {
            var data = (await client.QueryAsync(context.Shop.Domain, token, query, new { cursor = job.Cursor, q = filter }, 60, cancellationToken)).GetProperty(connection);
            var page = data.Items("nodes").Select(n => job.Phase == "customers"
                ? ShopifyGraphRecords.Customer(n)
                : ShopifyGraphRecords.Order(n, n.Child("lineItems")?.Items("nodes") ?? [])).ToList();
            var info = data.GetProperty("pageInfo");
            var next = info.Text("endCursor");
            var customers = job.Phase == "customers" ? page.Count : 0;
            job = await context.SaveAsync(job with
            {
                Cursor = next ?? job.Cursor,
                CustomersDone = job.CustomersDone + customers,
                OrdersDone = job.OrdersDone + (page.Count - customers),
                HighWater = page.Select(r => r.UpdatedAt).Append(job.HighWater).Max(),
            }, page, cancellationToken);
            if (info.Child("hasNextPage")?.ValueKind != JsonValueKind.True || next is null)
            {
                return job;
            }
        }
    }
}
