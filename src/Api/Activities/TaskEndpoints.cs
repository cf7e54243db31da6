using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Lists;
using SimpleCrm.Data.Activities;
using SimpleCrm.Data.Lists;
using SimpleCrm.Contracts.Activities;

namespace SimpleCrm.Api.Activities;

/// <summary>/api/v1/tasks/mine: the signed-in team member's tasks, soonest due first.</summary>
public static class TaskEndpoints
{
    public static RouteGroupBuilder MapTasks(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Activities")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        tasks.MapGet("/mine", Mine).RequireSignIn().WithName("ListMyTasks").WithQueryDocs<MyTaskQueryDocs>()
            .WithSummary("Tasks assigned to you: status (pending, completed, cancelled), overdue=true, due_before, customer_id; soonest due first.");
        return tasks;
    }

    private static async Task<Results<Ok<Page<Activity>>, ProblemHttpResult>> Mine(HttpContext http, ActivityQueries queries)
    {
        if (http.Caller().UserId is not { } me)
        {
            return TypedResults.Problem(statusCode: 403, title: "Not allowed", detail: "Only team members have tasks; an API key has none.");
        }

        return await ActivityEndpoints.ListAsync(http, queries, q => new ActivityFilter
        {
            Types = [ActivityType.Task],
            AssignedTo = me,
            Statuses = q.Enums<ActivityTaskStatus>("status"),
            Overdue = q.Flag("overdue"),
            DueBefore = q.Instant("due_before"),
            CustomerId = q.Uuid("customer_id"),
        }, ActivityQueries.DueSort);
    }
}
