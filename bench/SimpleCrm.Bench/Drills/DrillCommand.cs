using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace SimpleCrm.Bench.Drills;

/// <summary>
/// `SimpleCrm.Bench drill &lt;crm-url&gt; &lt;name&gt; &lt;seconds&gt; &lt;fault-after&gt; &lt;fault-command&gt; [writers] [readers]`:
/// the longer version of a fault drill against a running CRM (./crm drill starts 2 silos + 1 API node). It runs
/// the load, runs the fault (a shell command: kill a silo, restart PostgreSQL, lock a table) part-way through,
/// then checks the database (CRM_DB) and prints what the clients saw. Exits 1 when a write was lost or doubled,
/// or a request got a 500 or hung.
/// </summary>
public static class DrillCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var url = new Uri(args[0]);
        var name = args[1];
        var seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
        var faultAfter = double.Parse(args[3], CultureInfo.InvariantCulture);
        var faultCommand = args[4];
        var writers = int.Parse(args.ElementAtOrDefault(5) ?? "8", CultureInfo.InvariantCulture);
        var readers = int.Parse(args.ElementAtOrDefault(6) ?? "4", CultureInfo.InvariantCulture);
        var database = Environment.GetEnvironmentVariable("CRM_DB") ?? throw new InvalidOperationException("Set CRM_DB to the drill's database.");

        using var http = BenchClient.Create(url, 2);
        var token = await BenchClient.SignInAsync(http);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var me = JsonDocument.Parse(await http.GetStringAsync("/api/v1/auth/me")).RootElement;
        var workspace = me.GetProperty("workspace").GetProperty("id").GetGuid();

        var load = new DrillLoad(url, token, $"drill{Guid.NewGuid():N}"[..17]);
        Console.WriteLine($"Drill {name}: {writers} writing and {readers} reading clients for {seconds:0} s; the fault after {faultAfter:0} s: {faultCommand}");
        var running = load.RunAsync(writers, readers, TimeSpan.FromSeconds(seconds), retryBudget: TimeSpan.FromSeconds(120));
        await Task.Delay(TimeSpan.FromSeconds(faultAfter));
        var faultAt = load.Now;
        var fault = Stopwatch.StartNew();
        await RunShellAsync(faultCommand);
        Console.WriteLine($"  fault command done after {fault.Elapsed.TotalSeconds:0.0} s");
        await running;
        var (lost, doubled) = await DrillDatabase.CheckAsync(database, workspace, load);
        var report = load.Report(faultAt, lost, doubled);
        Console.WriteLine($"  {report}");
        var correct = report.Lost == 0 && report.Doubled == 0 && report.ServerErrors == 0 && report.Hung == 0 && report.Other == 0 && report.Abandoned == 0;
        Console.WriteLine(correct ? "  PASS: nothing lost or doubled, no 500, no hang" : "  FAIL");
        return correct ? 0 : 1;
    }

    private static async Task RunShellAsync(string command)
    {
        using var shell = Process.Start(new ProcessStartInfo("bash", ["-c", command]))!;
        await shell.WaitForExitAsync();
        if (shell.ExitCode != 0)
        {
            throw new InvalidOperationException($"The fault command failed ({shell.ExitCode}): {command}");
        }
    }
}
