using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SimpleCrm.Bench.Ingest;

/// <summary>
/// The floor every webhook receiver stands on, measured beside the CRM: plain ASP.NET Core and Npgsql, no
/// Orleans, no workspaces. It reads the raw body, checks the HMAC in constant time, inserts the body into one
/// table (deduplicated by the event id, as a receiver must) and answers 200 after the insert commits. Its pool
/// has the CRM's size (32 connections on two cores: more only queue inside PostgreSQL), so the two differ in
/// what they do per event, not in how many commits they run at once.
/// </summary>
public static class BareIngestServer
{
    public static async Task RunAsync(string connectionString, int port, string secret)
    {
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 32 }.ConnectionString);
        await using (var setup = dataSource.CreateCommand("""
            create table if not exists bare_ingest_events (
                id bigint generated always as identity primary key,
                event_id text not null unique,
                topic text not null,
                shop text not null,
                body bytea not null,
                received_at timestamptz not null default now());
            truncate bare_ingest_events;
            """))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var key = Encoding.UTF8.GetBytes(secret);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 5 * 1024 * 1024);
        var app = builder.Build();
        app.MapPost("/webhooks/shopify", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var given = request.Headers["X-Shopify-Hmac-Sha256"].ToString();
            var expected = HMACSHA256.HashData(key, body);
            Span<byte> decoded = stackalloc byte[32];
            if (!Convert.TryFromBase64String(given, decoded, out var written) || written != 32 || !CryptographicOperations.FixedTimeEquals(decoded, expected))
            {
                return Results.Unauthorized();
            }

            await using var insert = dataSource.CreateCommand(
                "insert into bare_ingest_events (event_id, topic, shop, body) values ($1, $2, $3, $4) on conflict (event_id) do nothing");
            insert.Parameters.Add(new NpgsqlParameter { Value = request.Headers["X-Shopify-Event-Id"].ToString() });
            insert.Parameters.Add(new NpgsqlParameter { Value = request.Headers["X-Shopify-Topic"].ToString() });
            insert.Parameters.Add(new NpgsqlParameter { Value = request.Headers["X-Shopify-Shop-Domain"].ToString() });
            insert.Parameters.Add(new NpgsqlParameter { Value = body });
            await insert.ExecuteNonQueryAsync();
            return Results.Ok();
        });
        await app.RunAsync();
    }
}
