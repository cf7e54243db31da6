using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SimpleCrm.Data.Migrations;

/// <summary>
/// Applies the embedded, numbered SQL files (NNNN_name.sql) in order, each in its own transaction,
/// recording them in schema_migrations. Forward-only: an applied file whose text changed stops start-up.
/// A session-level advisory lock makes concurrent starts (two silos, an API and a silo) take turns.
/// </summary>
public static class MigrationRunner
{
    private const long AdvisoryLockKey = 0x5349_4D50_4C45_4352; // "SIMPLECR"

    public sealed record Migration(int Version, string Name, string Sql)
    {
        public string Checksum { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));
    }

    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await DatabaseEncoding.RequireUtf8Async(connection, cancellationToken);
        await connection.ExecuteAsync("select pg_advisory_lock(@key)", new { key = AdvisoryLockKey });
        try
        {
            await connection.ExecuteAsync("""
                create table if not exists schema_migrations (
                    version    integer primary key,
                    name       text not null,
                    checksum   text not null,
                    applied_at timestamptz not null default now()
                )
                """);
            var applied = (await connection.QueryAsync<(int Version, string Checksum)>(
                "select version, checksum from schema_migrations")).ToDictionary(r => r.Version, r => r.Checksum);

            var count = 0;
            foreach (var migration in Embedded)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (IsCommentOnlyEdit(migration.Version, checksum))
                    {
                        await connection.ExecuteAsync(
                            "update schema_migrations set checksum = @Checksum where version = @Version", migration);
                        continue;
                    }

                    if (!string.Equals(checksum, migration.Checksum, StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Version:D4}_{migration.Name} was changed after it was applied. Migrations are forward-only: add a new one instead.");
                    }

                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                // No timeout: a migration that builds an index over millions of rows takes minutes, and stopping it
                // half-way only rolls it back to be started again.
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, commandTimeout: 0, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(
                    "insert into schema_migrations (version, name, checksum) values (@Version, @Name, @Checksum)",
                    migration, transaction);
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Version:D4}_{Name}", migration.Version, migration.Name);
                count++;
            }

            // Tables created in this run change the types Npgsql has cached for pooled connections.
            await connection.ReloadTypesAsync(cancellationToken);
            return count;
        }
        finally
        {
            await connection.ExecuteAsync("select pg_advisory_unlock(@key)", new { key = AdvisoryLockKey });
        }
    }

    /// <summary>
    /// Applied migrations whose comments were later reworded, with the checksums of their former text: a database
    /// that applied the former text takes the new checksum instead of refusing to start. Only for edits that change
    /// no statement.
    /// </summary>
    private static readonly Dictionary<int, string[]> CommentOnlyEdits = new()
    {
        [1] = ["3A4264A502CC6CEA5D762EAFD494CCC5C2143C879C5C87C71D5C08612573BB17"],
    };

    private static bool IsCommentOnlyEdit(int version, string appliedChecksum) =>
        CommentOnlyEdits.TryGetValue(version, out var former) && former.Contains(appliedChecksum, StringComparer.Ordinal);

    private static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Migrations.", StringComparison.Ordinal)))
        {
            var fileName = resource["Migrations.".Length..^".sql".Length];
            var separator = fileName.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(fileName[..separator], System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(version, fileName[(separator + 1)..], reader.ReadToEnd()));
        }

        var duplicates = migrations.GroupBy(m => m.Version).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidOperationException($"Two migrations share the version(s) {string.Join(", ", duplicates)}.");
        }

        return migrations.OrderBy(m => m.Version).ToList();
    }
}
