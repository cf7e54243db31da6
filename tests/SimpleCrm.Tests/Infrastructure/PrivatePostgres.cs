using System.Diagnostics;
using Npgsql;

namespace SimpleCrm.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server of this test's own (initdb + pg_ctl into a temporary folder, on a free loopback
/// port), so a drill may stop and start it without touching the shared server. PostgreSQL refuses to run as root:
/// under root (as CI runs) its tools run as the postgres OS user, as ./crm runs them.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private const string Superuser = "crm_drill_super";
    private const string AppRole = "crm_drill_app";

    private readonly string folder = Path.Combine(Path.GetTempPath(), $"crm-pg-{Guid.NewGuid():N}");

    private PrivatePostgres()
    {
        Port = Ports.Free();
    }

    public int Port { get; }

    /// <summary>A role that may create databases, not a superuser (row-level security applies, as in production).</summary>
    public string ServerConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = AppRole, Database = "postgres", Timeout = 5,
    }.ConnectionString;

    private string DataFolder => Path.Combine(folder, "data");

    private static string Bin => Environment.GetEnvironmentVariable("CRM_TEST_PG_BIN") ?? "/usr/lib/postgresql/15/bin";

    private static bool AsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var server = new PrivatePostgres();
        Directory.CreateDirectory(server.folder);
        if (AsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", server.folder]);
        }

        await server.PgAsync("initdb", ["-D", server.DataFolder, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        await server.StartServerAsync();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ServerConnectionString) { Username = Superuser }.ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"create role {AppRole} login createdb", connection);
        await create.ExecuteNonQueryAsync();
        return server;
    }

    /// <summary>A clean shutdown (open connections are ended, as on a restart for maintenance).</summary>
    public Task StopServerAsync() => PgAsync("pg_ctl", ["-D", DataFolder, "-m", "fast", "-w", "-t", "60", "stop"]);

    public Task StartServerAsync() => PgAsync("pg_ctl", ["-D", DataFolder, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {folder} -c max_connections=200", "start"]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgAsync("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        NpgsqlConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private Task PgAsync(string tool, IReadOnlyList<string> arguments) => AsRoot
        ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. arguments])
        : RunAsync(Path.Combine(Bin, tool), arguments);

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error} {await output}");
        }
    }
}
