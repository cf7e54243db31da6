using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace SimpleCrm.Bench.Bulk;

/// <summary>
/// What the machine can do without the product: plain Npgsql reads the consenting customers, fills the five variants with
/// string replacement (no template engine, no escaping rules, no tracking links) and COPYs the rows into a plain table
/// with the outbox's unique (job, customer), one transaction per 10,000 rows, as checkpointed as the CRM's batches are not.
/// </summary>
public static class BareOutboxBaseline
{
    private const int Batch = 10_000;

    public sealed record Result(int Rows, double Seconds);

    public static async Task<Result> RunAsync(NpgsqlDataSource dataSource, Guid workspace, IReadOnlyList<BulkTemplate.Variant> variants)
    {
        await using (var setup = dataSource.CreateCommand("""
            create table if not exists bare_bulk_outbox (
                id uuid primary key,
                job_id uuid not null,
                customer_id uuid not null,
                language text not null,
                to_address text not null,
                subject text not null,
                body_html text not null,
                body_text text not null,
                message_id text not null,
                created_at timestamptz not null default now(),
                unique (job_id, customer_id));
            truncate bare_bulk_outbox;
            """))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var byLanguage = variants.ToDictionary(v => v.Language);
        var fallback = byLanguage["en"];
        var job = Guid.CreateVersion7();
        var clock = Stopwatch.StartNew();
        var recipients = new List<(Guid Id, string Email, string First, string Last, string City, string Language)>();
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var scope = new NpgsqlCommand("select set_config('crm.workspace_id', $1, true)", connection) { Parameters = { new() { Value = workspace.ToString() } } })
            {
                await scope.ExecuteNonQueryAsync();
            }

            await using var read = new NpgsqlCommand("""
                select c.id, c.email, c.first_name, c.last_name, coalesce(c.city, ''), c.language from customers c
                where coalesce((select cc.granted from customer_consents cc
                                where cc.workspace_id = c.workspace_id and cc.customer_id = c.id and cc.purpose = 'marketing_email'
                                order by cc.recorded_at desc, cc.id desc limit 1), false)
                """, connection);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                recipients.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
            }
        }

        for (var start = 0; start < recipients.Count; start += Batch)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var copy = await connection.BeginBinaryImportAsync(
                "copy bare_bulk_outbox (id, job_id, customer_id, language, to_address, subject, body_html, body_text, message_id) from stdin (format binary)"))
            {
                foreach (var r in recipients.Skip(start).Take(Batch))
                {
                    var variant = byLanguage.GetValueOrDefault(r.Language) ?? fallback;
                    var id = Guid.CreateVersion7();
                    await copy.StartRowAsync();
                    await copy.WriteAsync(id, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(job, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(r.Id, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(variant.Language, NpgsqlDbType.Text);
                    await copy.WriteAsync(r.Email, NpgsqlDbType.Text);
                    await copy.WriteAsync(Fill(variant.Subject, r.First, r.Last, r.City), NpgsqlDbType.Text);
                    await copy.WriteAsync(Fill(variant.BodyHtml, r.First, r.Last, r.City), NpgsqlDbType.Text);
                    await copy.WriteAsync(Fill(variant.BodyText, r.First, r.Last, r.City), NpgsqlDbType.Text);
                    await copy.WriteAsync($"{id:N}@bench.local", NpgsqlDbType.Text);
                }

                await copy.CompleteAsync();
            }

            await transaction.CommitAsync();
        }

        return new Result(recipients.Count, clock.Elapsed.TotalSeconds);
    }

    private static string Fill(string text, string first, string last, string city) => text
        .Replace("{{ shop.name }}", "Bench shop", StringComparison.Ordinal)
        .Replace("{{ customer.first_name }}", first, StringComparison.Ordinal)
        .Replace("{{ customer.last_name }}", last, StringComparison.Ordinal)
        .Replace("{{ customer.city }}", city, StringComparison.Ordinal);
}
