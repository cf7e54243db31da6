using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Templates;

/// <summary>A mail/send request SendGrid accepted: its JSON body and the credentials it came with.</summary>
public sealed record SendGridRequest(JsonElement Body, string? Authorization)
{
    public string To => Body.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString()!;
}

/// <summary>
/// Stands in for SendGrid's v3 API (real Kestrel on a free port): POST /v3/mail/send answers 202 and keeps the body,
/// unless told to answer the next requests with an outage (429, 5xx), or the recipient's address asks for a refusal
/// ("refuse-" at its start: 400 with SendGrid's error body).
/// </summary>
public sealed class FakeSendGrid : IAsyncDisposable
{
    public const string ApiKey = "SG.test-key-never-logged";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<int> outages = new();
    private int attempts;

    public FakeSendGrid()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost("/v3/mail/send", async (HttpContext http) =>
        {
            Interlocked.Increment(ref attempts);
            var body = (await JsonDocument.ParseAsync(http.Request.Body)).RootElement.Clone();
            if (outages.TryDequeue(out var status))
            {
                return Results.Json(new { errors = new[] { new { message = "try again later" } } }, statusCode: status);
            }

            var request = new SendGridRequest(body, http.Request.Headers.Authorization);
            if (request.To.StartsWith("refuse-", StringComparison.Ordinal))
            {
                return Results.Json(new { errors = new[] { new { message = "The to address is not allowed.", field = "personalizations.0.to" } } }, statusCode: 400);
            }

            Accepted.Enqueue(request);
            return Results.StatusCode(202);
        });
        app.StartAsync().GetAwaiter().GetResult();
        Url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
    }

    public string Url { get; }

    public ConcurrentQueue<SendGridRequest> Accepted { get; } = new();

    /// <summary>Requests that arrived, accepted or not.</summary>
    public int Attempts => Volatile.Read(ref attempts);

    /// <summary>Answers the next requests with these statuses (an outage), then accepts again.</summary>
    public void FailNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            outages.Enqueue(status);
        }
    }

    public async Task<SendGridRequest> WaitForAsync(Func<SendGridRequest, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (Accepted.FirstOrDefault(match) is { } request)
            {
                return request;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The fake SendGrid received no such message.");
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

/// <summary>An API node whose mail provider is SendGrid, pointed at the fake.</summary>
public sealed class SendGridFixture : ApiFixture
{
    public SendGridFixture()
        : this(new FakeSendGrid())
    {
    }

    private SendGridFixture(FakeSendGrid sendGrid)
        : base(new Dictionary<string, string?>
        {
            ["Crm:Email:Provider"] = "sendgrid",
            ["Crm:Mail:SendGrid:ApiKey"] = FakeSendGrid.ApiKey,
            ["Crm:Mail:SendGrid:BaseUrl"] = sendGrid.Url,
            ["Crm:Mail:SendGrid:MaxPerSecond"] = "1000",
            ["Crm:Mail:PollInterval"] = "00:00:00.100",
        })
    {
        SendGrid = sendGrid;
    }

    public FakeSendGrid SendGrid { get; }
}
