using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Problems;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Email;

/// <summary>
/// /t/o/{token}: the open pixel; /t/c/{token}: a tracked link. Anonymous (mail clients fetch them), outside /api/v1,
/// rate-limited per address like the other anonymous endpoints. Both mark the sent email's activity through its
/// grain, so the customer's timeline shows it live.
/// </summary>
public static class TrackingEndpoints
{
    // A transparent 1×1 GIF.
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public static void MapEmailTracking(this IEndpointRouteBuilder app)
    {
        var tracking = app.MapGroup("/t").AllowAnonymous().ExcludeFromDescription();
        tracking.MapGet("/o/{token}", OpenAsync);
        tracking.MapGet("/c/{token}", ClickAsync);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> OpenAsync(
        string token, HttpContext http, TrackingLinks links, IGrainFactory grains, ILoggerFactory loggers)
    {
        if (links.ReadOpen(token) is not { } link)
        {
            return Problem.Invalid("token", "Not a valid tracking link.");
        }

        await RecordAsync(grains, link, EmailEngagement.Opened, loggers);
        http.Response.Headers.CacheControl = "no-store, no-cache, must-revalidate";
        return TypedResults.File(Pixel, "image/gif");
    }

    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> ClickAsync(
        string token, TrackingLinks links, IGrainFactory grains, ILoggerFactory loggers)
    {
        // The target comes only from inside the signed token, never from the request.
        if (links.ReadClick(token) is not { Target: { } target } link
            || !Uri.TryCreate(target, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return Problem.Invalid("token", "Not a valid tracking link.");
        }

        await RecordAsync(grains, link, EmailEngagement.Clicked, loggers);
        return TypedResults.Redirect(uri.AbsoluteUri);
    }

    /// <summary>The recipient gets their pixel or their page whatever happens to the record; a failure is only logged.</summary>
    private static async Task RecordAsync(IGrainFactory grains, TrackedLink link, EmailEngagement engagement, ILoggerFactory loggers)
    {
        try
        {
            var result = await grains.GetActivity(link.Workspace, link.MessageId)
                .RecordEmailEngagementAsync(engagement, DateTimeOffset.UtcNow, ChangeContext.System("email-tracking"));
            if (!result.IsOk)
            {
                loggers.CreateLogger(typeof(TrackingEndpoints)).LogInformation("Email {MessageId} {Engagement} not recorded: {Message}", link.MessageId, engagement, result.Message);
            }
        }
        catch (Exception e)
        {
            loggers.CreateLogger(typeof(TrackingEndpoints)).LogWarning(e, "Email {MessageId} {Engagement} not recorded", link.MessageId, engagement);
        }
    }
}
