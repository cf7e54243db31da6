using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace SimpleCrm.Bench.Bulk;

/// <summary>
/// One bulk marketing send to every customer of a freshly seeded database, measured in two parts: queueing (from the POST
/// until every recipient is rendered, consent-checked and in the outbox) beside a bare COPY of the same rendered rows,
/// and delivery to a local SMTP sink at the configured provider rate. With a kill file the CRM is killed (SIGKILL,
/// by ./crm) half-way through queueing and half-way through delivery and started again; at the end the sink's counts
/// must show every consenting recipient mailed exactly once and no one else mailed.
/// </summary>
public static class BulkEmailBenchmark
{
    /// <summary>Usage: bulk crm-url sink-port recipients rate [deliver-seconds]; CRM_BENCH_KILL_FILE asks ./crm for kills.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var crm = new Uri(args[0]);
        var sinkPort = int.Parse(args[1], CultureInfo.InvariantCulture);
        var expectedCustomers = int.Parse(args[2], CultureInfo.InvariantCulture);
        var rate = double.Parse(args[3], CultureInfo.InvariantCulture);
        var deliverSeconds = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 0;
        var killFile = Environment.GetEnvironmentVariable("CRM_BENCH_KILL_FILE") is { Length: > 0 } f ? f : null;
        var connectionString = Environment.GetEnvironmentVariable("CRM_DB") ?? throw new InvalidOperationException("Set CRM_DB to the benchmark database.");
        var seed = int.Parse(Environment.GetEnvironmentVariable("CRM_BENCH_SEED") ?? "2026", CultureInfo.InvariantCulture);

        await using var sink = new SmtpCountingSink(sinkPort);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var workspace = await BulkRecipients.WorkspaceAsync(dataSource);
        var consents = await BulkRecipients.GrantConsentsAsync(dataSource, workspace, seed);
        Console.WriteLine($"Customers: {consents.Customers:N0} in {consents.Languages} ({consents.Granted:N0} with marketing_email consent, {consents.Withdrawn:N0} withdrawn, {consents.Never:N0} never asked; consent seed {seed}).");
        if (consents.Customers < expectedCustomers)
        {
            Console.Error.WriteLine($"Expected {expectedCustomers:N0} seeded customers, found {consents.Customers:N0}.");
            return 1;
        }

        // The baseline first, on a quiet machine: the same rows, rendered in C#, COPYed into a plain table.
        var bare = await BareOutboxBaseline.RunAsync(dataSource, workspace, BulkTemplate.Variants);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Bare baseline (Npgsql, no Orleans, no templates): {bare.Rows:N0} rendered rows read, rendered and COPYed in {bare.Seconds:F1} s ({bare.Rows / bare.Seconds:N0} rows/s)."));

        using var http = BenchClient.Create(crm, 4);
        await BenchClient.SignInAsync(http);
        var templateId = await BulkTemplate.CreateAsync(http);

        var clock = Stopwatch.StartNew();
        using var post = await http.PostAsJsonAsync("/api/v1/emails/bulk", new { template_id = templateId, purpose = "marketing", filter = "orders_gte=0" });
        var created = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.Clone();
        if (!post.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"POST /api/v1/emails/bulk answered {(int)post.StatusCode}: {created}");
            return 1;
        }

        var jobId = created.GetProperty("id").GetString()!;
        var recipients = created.GetProperty("recipients").GetInt32();
        var matched = created.GetProperty("matched").GetInt32();
        var accepted = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Bulk send {jobId}: {matched:N0} matched, {recipients:N0} after consent and suppressions; answered in {accepted:F1} s."));

        var killedQueueing = false;
        JsonElement job;
        while (true)
        {
            job = await ProgressAsync(http, crm, jobId);
            if (job.GetProperty("status").GetString() == "done")
            {
                break;
            }

            if (killFile is not null && !killedQueueing && job.GetProperty("pending").GetInt32() <= matched / 2)
            {
                killedQueueing = true;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {clock.Elapsed.TotalSeconds:F1} s: {job.GetProperty("queued").GetInt32():N0} queued, killing the CRM (SIGKILL) mid-queueing"));
                await KillAndWaitAsync(killFile, "queueing", crm);
            }

            await Task.Delay(1000); // each look counts the job's recipients: not so often that it slows the job
        }

        var queuedSeconds = clock.Elapsed.TotalSeconds;
        var queued = job.GetProperty("queued").GetInt32();
        Console.WriteLine();
        Console.WriteLine("| step | recipients | seconds | recipients/s |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| bare baseline: read, render, COPY | {bare.Rows:N0} | {bare.Seconds:F1} | {bare.Rows / bare.Seconds:N0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| SimpleCrm: POST to all rendered, consent-checked, in the outbox{(killedQueueing ? " (killed once)" : "")} | {matched:N0} ({queued:N0} queued) | {queuedSeconds:F1} | {matched / queuedSeconds:N0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Queueing, CRM / baseline: {matched / queuedSeconds / (bare.Rows / bare.Seconds):P0} of the baseline's rate; target under 60 s: {(queuedSeconds < 60 ? "met" : "MISSED")}."));
        Console.WriteLine();

        // Delivery: mail left the outbox already while the job was queueing; watch it to the end (or for deliver-seconds).
        var killedDelivery = false;
        var deliveryClock = Stopwatch.StartNew();
        var lastProgress = (Count: sink.Received, At: Stopwatch.GetTimestamp());
        while (true)
        {
            job = await ProgressAsync(http, crm, jobId);
            var sent = job.GetProperty("sent").GetInt32();
            var failed = job.GetProperty("failed").GetInt32();
            if (sent + failed >= queued && sink.Received >= sent)
            {
                break;
            }

            if (deliverSeconds > 0 && deliveryClock.Elapsed.TotalSeconds >= deliverSeconds)
            {
                Console.WriteLine($"Stopped watching delivery after {deliverSeconds} s (--deliver); the rest stays queued.");
                break;
            }

            if (killFile is not null && !killedDelivery && sink.Received >= queued / 2)
            {
                killedDelivery = true;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {clock.Elapsed.TotalSeconds:F1} s: {sink.Received:N0} at the sink, killing the CRM (SIGKILL) mid-delivery"));
                await KillAndWaitAsync(killFile, "delivery", crm);
            }

            if (sink.Received != lastProgress.Count)
            {
                lastProgress = (sink.Received, Stopwatch.GetTimestamp());
            }
            else if (Stopwatch.GetElapsedTime(lastProgress.At) > TimeSpan.FromMinutes(3))
            {
                Console.WriteLine("Delivery made no progress for 3 minutes; giving up.");
                break;
            }

            await Task.Delay(500);
        }

        var (first, last) = sink.ArrivalSpan;
        var span = first == 0 ? 0 : Stopwatch.GetElapsedTime(first, last).TotalSeconds;
        var delivered = sink.Received;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Delivery: {delivered:N0} messages at the sink in {span:F1} s from the first to the last: {(span > 0 ? delivered / span : 0):N0}/s against a configured provider rate of {rate:N0}/s ({(span > 0 ? delivered / span / rate : 0):P0})."));

        var countsFile = Environment.GetEnvironmentVariable("CRM_BENCH_SINK_COUNTS");
        if (countsFile is not null)
        {
            await sink.WriteCountsAsync(countsFile);
        }

        var complete = deliverSeconds == 0 || delivered >= queued;
        if (!complete)
        {
            Console.WriteLine("Exactly-once not checked: delivery was not watched to the end.");
            return killFile is null ? 0 : 1;
        }

        var expected = await BulkRecipients.MailableAsync(dataSource, workspace);
        var refused = await BulkRecipients.RefusedAsync(dataSource, workspace);
        var missing = expected.Count(a => !sink.PerRecipient.ContainsKey(a));
        var doubled = sink.PerRecipient.Count(p => p.Value > 1);
        var extraMessages = sink.PerRecipient.Sum(p => Math.Max(0, p.Value - 1));
        var resentSameId = sink.PerMessageId.Count(p => p.Value > 1);
        var refusedMailed = refused.Count(a => sink.PerRecipient.ContainsKey(a));
        var strangers = sink.PerRecipient.Keys.Count(a => !expected.Contains(a) && !refused.Contains(a));
        Console.WriteLine();
        Console.WriteLine($"Sink counts{(killedQueueing || killedDelivery ? $" after SIGKILL {(killedQueueing ? "mid-queueing" : "")}{(killedQueueing && killedDelivery ? " and " : "")}{(killedDelivery ? "mid-delivery" : "")}" : "")}:");
        Console.WriteLine("| consenting recipients | mailed once | missing | mailed more than once (extra messages) | same Message-ID twice | refusals (no consent) | refusals mailed | unknown addresses |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {expected.Count:N0} | {sink.PerRecipient.Count(p => p.Value == 1 && expected.Contains(p.Key)):N0} | {missing:N0} | {doubled:N0} ({extraMessages:N0}) | {resentSameId:N0} | {refused.Count:N0} | {refusedMailed:N0} | {strangers:N0} |"));
        var exact = missing == 0 && doubled == 0 && refusedMailed == 0 && strangers == 0;
        Console.WriteLine(exact ? "Exactly once: every consenting recipient mailed once, no refusal mailed." : "NOT exactly once.");
        return exact ? 0 : 1;
    }

    private static async Task<JsonElement> ProgressAsync(HttpClient http, Uri crm, string jobId)
    {
        // The CRM may be restarting (killed on purpose): wait for it rather than fail.
        string? last = null;
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                using var response = await http.GetAsync($"/api/v1/emails/bulk/{jobId}");
                if (response.IsSuccessStatusCode)
                {
                    return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                }

                last = $"{(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.GetType().Name;
            }

            await Task.Delay(500);
        }

        throw new InvalidOperationException($"The bulk send's progress did not answer for 5 minutes (last: {last}).");
    }

    /// <summary>Asks ./crm to SIGKILL the CRM and start it again (it deletes the file when the new one is starting), then waits until it is ready.</summary>
    private static async Task KillAndWaitAsync(string killFile, string phase, Uri crm)
    {
        await File.WriteAllTextAsync(killFile, phase);
        while (File.Exists(killFile))
        {
            await Task.Delay(100);
        }

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var ready = await probe.GetAsync(new Uri(crm, "/health/ready"));
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }
    }
}
