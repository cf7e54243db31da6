using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SimpleCrm.Data.Commerce;

namespace SimpleCrm.Api.Commerce.Sync;

/// <summary>
/// A WooCommerce site's sync over its wc/v3 REST API: customers, products, then orders, page by page (per_page, with
/// X-WP-Total giving the counts), from modified_after the last high-water mark for a catch-up. The REST records have
/// the webhooks' shape, so they go to the inbox as they come. A 429 is waited out by the resilience handler (it honours
/// Retry-After); the checkpoint is the next page.
/// </summary>
public sealed class WooCommerceSync(HttpClient http) : IShopSync
{
    public const int PerPage = 50;

    private static readonly string[] Phases = ["customers", "products", "orders"];

    public string Platform => "woocommerce";

    public async Task RunAsync(ShopSyncContext context, CancellationToken cancellationToken)
    {
        var job = context.Job;
        if (job.Total == 0 && job.Phase == "customers" && job.Cursor is null)
        {
            long total = 0;
            foreach (var phase in Phases)
            {
                using var first = await GetAsync(context, phase, 1, 1, job.Since, cancellationToken);
                total += Header(first, "X-WP-Total");
            }

            job = await context.SaveAsync(job with { Total = total }, [], cancellationToken);
        }

        foreach (var phase in Phases)
        {
            if (Array.IndexOf(Phases, job.Phase) > Array.IndexOf(Phases, phase) || job.Phase == "done")
            {
                continue;
            }

            job = job with { Phase = phase };
            var page = int.TryParse(job.Cursor, CultureInfo.InvariantCulture, out var next) ? next : 1;
            while (true)
            {
                using var response = await GetAsync(context, phase, page, PerPage, job.Since, cancellationToken);
                var pages = Header(response, "X-WP-TotalPages");
                using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
                var topic = phase[..^1] + ".updated";
                var records = document.RootElement.EnumerateArray()
                    .Select(r => new SyncRecord(topic, WooPayloads.EntityKey(topic, r), WooPayloads.Modified(r), JsonSerializer.SerializeToUtf8Bytes(r)))
                    .ToList();
                job = await context.SaveAsync(job with
                {
                    Cursor = (page + 1).ToString(CultureInfo.InvariantCulture),
                    CustomersDone = job.CustomersDone + (phase == "customers" ? records.Count : 0),
                    ProductsDone = job.ProductsDone + (phase == "products" ? records.Count : 0),
                    OrdersDone = job.OrdersDone + (phase == "orders" ? records.Count : 0),
                    HighWater = records.Select(r => r.UpdatedAt).Append(job.HighWater).Max(),
                }, records, cancellationToken);
                if (records.Count == 0 || page >= pages)
                {
                    break;
                }

                page++;
            }

            job = await context.SaveAsync(job with { Phase = phase == "orders" ? "done" : Phases[Array.IndexOf(Phases, phase) + 1], Cursor = null }, [], cancellationToken);
        }
    }

    private async Task<HttpResponseMessage> GetAsync(ShopSyncContext context, string resource, int page, int perPage, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var url = $"{context.Shop.Domain}/wp-json/wc/v3/{resource}?page={page}&per_page={perPage}&orderby=id&order=asc";
        if (since is { } s)
        {
            url += "&modified_after=" + Uri.EscapeDataString(s.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{context.ConsumerKey}:{context.ConsumerSecret}")));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ShopApiException($"The shop could not be reached: {e.Message}", e);
        }

        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new ShopApiException($"The shop answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} for {resource}.");
        }

        return response;
    }

    private static long Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && long.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture, out var value) ? value : 0;
}
