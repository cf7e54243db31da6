using System.Diagnostics;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Operations;

/// <summary>
/// Exactly one log line per request: method, route template, status, duration, request id and workspace. The
/// route template ("/api/v1/customers/{id}") stands in for the path and the query string is left out, so ids,
/// search terms and e-mail addresses typed into a URL never reach the log.
/// </summary>
public sealed partial class RequestLogLine(RequestDelegate next, ILogger<RequestLogLine> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            await next(http);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(http);
        }
        finally
        {
            var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
            var workspace = http.Items.TryGetValue(typeof(WorkspaceId), out var id) && id is WorkspaceId ws ? ws.Value.ToString() : "-";
            var status = http.RequestAborted.IsCancellationRequested && !http.Response.HasStarted ? 499 : http.Response.StatusCode;
            Served(logger, http.Request.Method, route, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, http.TraceIdentifier, workspace);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Route} {Status} {DurationMs:0.0} ms request={RequestId} workspace={Workspace}")]
    private static partial void Served(ILogger logger, string method, string route, int status, double durationMs, string requestId, string workspace);
}
