using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Workspaces;
using SimpleCrm.Data.Activities;
using SimpleCrm.Data.Lists;

namespace SimpleCrm.Api.Activities;

public sealed record NotificationPage(IReadOnlyList<Notification> Items, string? NextCursor, long UnreadCount);

/// <summary>How many unread notifications were marked read.</summary>
public sealed record MarkedRead(int Marked);

/// <summary>/api/v1/notifications: the signed-in team member's own notifications (a task of theirs became due).</summary>
public static class NotificationEndpoints
{
    public static RouteGroupBuilder MapNotifications(this RouteGroupBuilder api)
    {
        var notifications = api.MapGroup("/notifications").WithTags("Notifications")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        notifications.MapGet("", List).RequireSignIn().WithName("ListNotifications").WithQueryDocs<NotificationQueryDocs>()
            .WithSummary("Your notifications, newest first, with how many are unread; unread=true for the unread ones only.");
        notifications.MapPost("/read", MarkAllRead).RequireSignIn().WithName("MarkAllNotificationsRead").WithSummary("Mark all your unread notifications read.");
        notifications.MapPost("/{id:guid}/read", MarkRead).RequireSignIn().WithName("MarkNotificationRead").WithSummary("Mark one of your notifications read.");
        return notifications;
    }

    private static async Task<Results<Ok<NotificationPage>, ProblemHttpResult>> List(HttpContext http, NotificationStore store)
    {
        if (http.Caller().UserId is not { } me)
        {
            return NoUser();
        }

        var query = new QueryReader(http.Request.Query);
        var unread = query.Flag("unread");
        var limit = query.Int("limit", 1, QueryReader.MaxLimit) ?? 25;
        IReadOnlyList<string>? cursor = null;
        if (query.Text("cursor", 1000) is { } text)
        {
            if (KeysetPage.TryDecode(text, out var values))
            {
                cursor = values;
            }
            else
            {
                query.Fail("cursor", "Not a cursor this API returned.");
            }
        }

        QueryStrictness.RefuseListParameters(http.Request.Query, query, except: ["limit", "cursor"]);
        if (!query.Complete())
        {
            return CommandResultHttp.FieldProblem(400, "Invalid query", "One or more query parameters are invalid.", query.Errors);
        }

        try
        {
            var page = await store.ListAsync(http.Workspace(), me, unread, new PageRequest(limit, cursor, 0, false), http.RequestAborted);
            var unreadCount = await store.UnreadCountAsync(http.Workspace(), me, http.RequestAborted);
            return TypedResults.Ok(new NotificationPage(page.Items.Select(NotificationStore.Document).ToList(), page.NextCursor, unreadCount));
        }
        catch (InvalidCursorException e)
        {
            return CommandResultHttp.FieldProblem(400, "Invalid query", e.Message, new Dictionary<string, string[]> { ["cursor"] = [e.Message] });
        }
    }

    private static async Task<Results<Ok<Notification>, ProblemHttpResult>> MarkRead(HttpContext http, NotificationStore store, Guid id)
    {
        if (http.Caller().UserId is not { } me)
        {
            return NoUser();
        }

        return await store.MarkReadAsync(http.Workspace(), me, id, http.RequestAborted) is { } notification
            ? TypedResults.Ok(NotificationStore.Document(notification))
            : TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"You have no notification {id}.");
    }

    private static async Task<Results<Ok<MarkedRead>, ProblemHttpResult>> MarkAllRead(HttpContext http, NotificationStore store) =>
        http.Caller().UserId is { } me
            ? TypedResults.Ok(new MarkedRead(await store.MarkAllReadAsync(http.Workspace(), me, http.RequestAborted)))
            : NoUser();

    private static ProblemHttpResult NoUser() =>
        TypedResults.Problem(statusCode: 403, title: "Not allowed", detail: "Only team members have notifications; an API key has none.");
}

/// <summary>
/// <see cref="QueryReader"/> knows the list engine's parameters (cursor, offset, sort, fields, include_total) for
/// every query; endpoints that page differently refuse the ones they do not take, rather than ignore them.
/// </summary>
internal static class QueryStrictness
{
    private static readonly string[] ListParameters = ["cursor", "offset", "sort", "fields", "include_total"];

    public static void RefuseListParameters(IQueryCollection query, QueryReader reader, IReadOnlyCollection<string> except)
    {
        foreach (var name in ListParameters.Where(n => query.ContainsKey(n) && !except.Contains(n)))
        {
            reader.Fail(name, "Unknown parameter.");
        }
    }
}
