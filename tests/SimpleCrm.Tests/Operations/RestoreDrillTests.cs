using System.Diagnostics;
using System.Net;
using Dapper;
using Npgsql;
using SimpleCrm.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SimpleCrm.Tests.Operations;

/// <summary>
/// The restore drill, with the same scripts/backup.sh that ./crm backup and ./crm restore run: seed, back up,
/// change and delete data, restore; every table then holds exactly what it held at the backup, and the cluster
/// comes back consistent: one live silo in membership, and a task reminder due after the restore still fires.
/// </summary>
public sealed class RestoreDrillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private readonly string backups = Path.Combine(Path.GetTempPath(), $"crm-backups-{Guid.NewGuid():N}");
    private ApiNode? node;

    public Task InitializeAsync() => database.InitializeAsync();

    public async Task DisposeAsync()
    {
        if (node is not null)
        {
            await node.DisposeAsync();
        }

        await database.DisposeAsync();
        if (Directory.Exists(backups))
        {
            Directory.Delete(backups, recursive: true);
        }
    }

    [Fact]
    public async Task A_restore_brings_back_every_table_as_it_was_at_the_backup_and_the_cluster_resumes()
    {
        var reader = await SuperuserAccess.BackupReaderAsync(database.ConnectionString);
        node = await ApiNode.StartAsync(database.ConnectionString);
        var workspace = $"drill-{Guid.NewGuid():N}"[..20];
        var admin = await node.UserAsync(workspace, "admin");
        var manager = await node.UserAsync(workspace, "manager");
        var kept = await CustomerAsync(admin.Http, "kept");
        var deleted = await CustomerAsync(admin.Http, "deleted");
        var due = DateTimeOffset.UtcNow.AddSeconds(100);
        var task = await admin.Http.PostJsonAsync("/api/v1/activities",
            new { customer_id = kept, type = "task", subject = "Call back after the drill", due_at = due, assigned_to = manager.Id });
        Assert.Equal(HttpStatusCode.Created, task.StatusCode);
        await node.DisposeAsync();
        node = null;

        // The backup moment: the CRM stopped, so nothing moves between the figures and the dump.
        var atBackup = await FingerprintAsync(reader);
        var file = (await RunAsync("backup", null, ("CRM_BACKUP_DB", reader), ("CRM_BACKUP_DIR", backups))).Trim().Split('\n')[^1];
        Assert.True(File.Exists(file), $"no backup file at {file}");
        Assert.Matches(@"-\d{8}T\d{6}Z\.dump$", file);

        // Life goes on after the backup: a customer changed, one deleted, another added.
        node = await ApiNode.StartAsync(database.ConnectionString);
        var after = await node.SignInAsync(admin.Email, ApiNode.UserPassword);
        Assert.Equal(HttpStatusCode.OK, (await after.PutJsonAsync($"/api/v1/customers/{kept}",
            new { first_name = "Drill", last_name = "Changed", email = $"changed-{Guid.NewGuid():N}@drill.example", country_code = "DE", currency = "EUR" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await after.DeleteAsync($"/api/v1/customers/{deleted}")).StatusCode);
        await CustomerAsync(after, "added");
        Assert.NotEqual(atBackup, await FingerprintAsync(reader));

        // Refused while the CRM runs: its grains would write their in-memory state over the restored rows.
        var refused = await RunExitCodeAsync("restore", file);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("running", refused.Output, StringComparison.Ordinal);

        await node.DisposeAsync();
        node = null;
        var restoring = Stopwatch.StartNew();
        await RunAsync("restore", file);
        output.WriteLine($"Restored in {restoring.ElapsedMilliseconds} ms; the task is due {(due - DateTimeOffset.UtcNow).TotalSeconds:F0} s from now.");

        var restored = await FingerprintAsync(reader);
        var differences = atBackup.Keys.Union(restored.Keys)
            .Where(t => atBackup.GetValueOrDefault(t) != restored.GetValueOrDefault(t))
            .Select(t => $"{t}: {atBackup.GetValueOrDefault(t)} at the backup, {restored.GetValueOrDefault(t)} restored").ToList();
        Assert.True(differences.Count == 0, string.Join('\n', differences));
        Assert.Contains(atBackup, t => t.Key == "orleansreminderstable" && !t.Value.StartsWith("0 ", StringComparison.Ordinal));

        // The cluster resumes on the restored database.
        node = await ApiNode.StartAsync(database.ConnectionString);
        Assert.True(DateTimeOffset.UtcNow < due, "the restore took longer than the time to the due time; the test proves nothing");
        var back = await node.SignInAsync(admin.Email, ApiNode.UserPassword);
        var keptNow = await (await back.GetAsync($"/api/v1/customers/{kept}")).JsonAsync();
        Assert.Equal("Drill-kept", keptNow.GetProperty("last_name").GetString());
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync($"/api/v1/customers/{deleted}")).StatusCode);
        await using (var connection = new NpgsqlConnection(reader))
        {
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>(
                "select count(*) from orleansmembershiptable where status = 3 and deploymentid = 'simplecrm'"));
        }

        var managerAgain = await node.SignInAsync(manager.Email, ApiNode.UserPassword);
        var deadline = due.AddSeconds(60);
        long unread = 0;
        while (DateTimeOffset.UtcNow < deadline && unread == 0)
        {
            await Task.Delay(1000);
            unread = (await (await managerAgain.GetAsync("/api/v1/notifications")).JsonAsync()).GetProperty("unread_count").GetInt64();
        }

        Assert.True(unread == 1, "the task reminder due after the restore never fired");
        output.WriteLine($"Reminder fired {(DateTimeOffset.UtcNow - due).TotalSeconds:F1} s after its due time.");
    }

    private static async Task<Guid> CustomerAsync(HttpClient http, string name)
    {
        var response = await http.PostJsonAsync("/api/v1/customers",
            new { first_name = "Drill", last_name = $"Drill-{name}", email = $"{name}-{Guid.NewGuid():N}@drill.example", country_code = "DE", currency = "EUR" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>Every table's row count and an md5 over its rows in a fixed order, read past row-level security.</summary>
    private async Task<Dictionary<string, string>> FingerprintAsync(string reader)
    {
        await using var connection = new NpgsqlConnection(reader);
        var tables = await connection.QueryAsync<string>(
            "select tablename from pg_tables where schemaname = 'public' order by tablename");
        var fingerprint = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            var (count, sum) = await connection.QuerySingleAsync<(long, string?)>(
                $"select count(*), md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from public.\"{table}\" t");
            fingerprint[table] = $"{count} {sum}";
        }

        return fingerprint;
    }

    private async Task<string> RunAsync(string command, string? file, params (string Key, string Value)[] environment)
    {
        var (exitCode, text, stdout) = await RunExitCodeAsync(command, file, environment);
        Assert.True(exitCode == 0, $"scripts/backup.sh {command} failed: {text}");
        return stdout;
    }

    private async Task<(int ExitCode, string Output, string Stdout)> RunExitCodeAsync(string command, string? file, params (string Key, string Value)[] environment)
    {
        var start = new ProcessStartInfo("bash", file is null ? [Path.Combine(Repository.Root, "scripts", "backup.sh"), command] : [Path.Combine(Repository.Root, "scripts", "backup.sh"), command, file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CRM_DB"] = database.ConnectionString;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        output.WriteLine(await stderr);
        return (process.ExitCode, await stdout + await stderr, await stdout);
    }
}
