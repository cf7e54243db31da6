using System.Diagnostics;
using Npgsql;

namespace SimpleCrm.Tests.Operations;

/// <summary>
/// A role that reads past row-level security, as backups need (docs/operations.md): CRM_TEST_BACKUP_DB if set,
/// otherwise made on the test server by its superuser, reached the way ./crm reaches it (as the postgres OS user
/// when running as root).
/// </summary>
public static class SuperuserAccess
{
    private const string Role = "crm_test_backup";

    private static readonly Lazy<string> Password = new(() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static bool ensured;

    /// <summary>The backup reader's connection string for <paramref name="database"/>.</summary>
    public static async Task<string> BackupReaderAsync(string appConnectionString)
    {
        var app = new NpgsqlConnectionStringBuilder(appConnectionString);
        if (Environment.GetEnvironmentVariable("CRM_TEST_BACKUP_DB") is { Length: > 0 } configured)
        {
            return new NpgsqlConnectionStringBuilder(configured) { Database = app.Database }.ConnectionString;
        }

        await Once.WaitAsync();
        try
        {
            if (!ensured)
            {
                await AsSuperuserAsync(app.Port, $"""
                    do $$ begin
                      if not exists (select from pg_roles where rolname = '{Role}') then create role {Role} login bypassrls; end if;
                    end $$;
                    alter role {Role} login bypassrls password '{Password.Value}';
                    grant pg_read_all_data to {Role};
                    """);
                ensured = true;
            }
        }
        finally
        {
            Once.Release();
        }

        return new NpgsqlConnectionStringBuilder(appConnectionString) { Username = Role, Password = Password.Value }.ConnectionString;
    }

    private static async Task AsSuperuserAsync(int port, string sql)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            throw new InvalidOperationException("Backups need a role that bypasses row-level security: set CRM_TEST_BACKUP_DB, or run the tests as root next to the local PostgreSQL.");
        }

        var start = new ProcessStartInfo("su", ["postgres", "-c", $"psql -X -q -v ON_ERROR_STOP=1 -p {port} -d postgres"])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var psql = Process.Start(start)!;
        await psql.StandardInput.WriteAsync(sql);
        psql.StandardInput.Close();
        var error = await psql.StandardError.ReadToEndAsync();
        await psql.WaitForExitAsync();
        if (psql.ExitCode != 0)
        {
            throw new InvalidOperationException($"Could not make the backup reader role: {error}");
        }
    }
}
