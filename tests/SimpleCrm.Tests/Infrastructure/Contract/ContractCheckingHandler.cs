using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace SimpleCrm.Tests.Infrastructure.Contract;

/// <summary>
/// Installed in every HttpClient the tests get from <see cref="ApiNode"/>: checks each answer of an /api
/// operation against the OpenAPI document the node serves, and throws on a violation, so the test that made
/// the call fails at that call (whatever collection runs it, in parallel or not). Each violation is also kept
/// in <see cref="Seen"/>. <paramref name="against"/> replaces the served document (to show the checker refusing).
/// </summary>
public sealed class ContractCheckingHandler(Uri address, ApiContract? against = null) : DelegatingHandler(new SocketsHttpHandler())
{
    private static readonly SemaphoreSlim Loading = new(1, 1);
    private static readonly SemaphoreSlim Reporting = new(1, 1);
    private static ApiContract? contract;

    /// <summary>Every violation met in this test run.</summary>
    public static ConcurrentQueue<ContractViolation> Seen { get; } = new();

    /// <summary>The document every node serves (the same build, so the same document), fetched once.</summary>
    public static async Task<ApiContract> ContractAsync(Uri address, CancellationToken cancellationToken = default)
    {
        if (contract is { } loaded)
        {
            return loaded;
        }

        await Loading.WaitAsync(cancellationToken);
        try
        {
            using var plain = new HttpClient { BaseAddress = address };
            return contract ??= new ApiContract(await plain.GetStringAsync("/openapi/v1.json", cancellationToken));
        }
        finally
        {
            Loading.Release();
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri?.AbsolutePath ?? "";
        if (!path.StartsWith("/api/", StringComparison.Ordinal))
        {
            return response;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var checker = against ?? await ContractAsync(address, cancellationToken);
        var violations = checker.Check(request.Method.Method, path, (int)response.StatusCode, MediaType(response.Content.Headers.ContentType), body);
        if (violations.Count == 0)
        {
            return response;
        }

        foreach (var violation in violations)
        {
            Seen.Enqueue(violation);
        }

        if (Environment.GetEnvironmentVariable("CRM_CONTRACT_REPORT") is { Length: > 0 } report)
        {
            // Opt-in: every violation of a run in one file, to fix them all after one run of the suite.
            await Reporting.WaitAsync(cancellationToken);
            try
            {
                await File.AppendAllLinesAsync(report, violations.Select(v => v.ToString()), cancellationToken);
            }
            finally
            {
                Reporting.Release();
            }
        }

        throw new ContractViolationException(violations);
    }

    private static string? MediaType(MediaTypeHeaderValue? contentType) => contentType?.MediaType;
}

/// <summary>An answer of the API that its OpenAPI document does not describe.</summary>
public sealed class ContractViolationException(IReadOnlyList<ContractViolation> violations)
    : Exception("The answer does not match the OpenAPI document (/openapi/v1.json):\n" + string.Join("\n", violations))
{
    public IReadOnlyList<ContractViolation> Violations { get; } = violations;
}
