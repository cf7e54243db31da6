using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Customers;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Workspaces;
using SimpleCrm.Data.Activities;
using SimpleCrm.Data.Audit;
using SimpleCrm.Data.Identity;
using SimpleCrm.Data.Lists;
using SimpleCrm.Domain.Activities;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Api.Activities;

/// <summary>
/// /api/v1/activities: emails, calls, meetings, notes and tasks on customers. Rows are written by
/// <see cref="ActivityStore"/> (each with its timeline entry, audit and outbox rows); after the commit the customer's
/// grain takes the timeline entry and pushes it live, and a task's reminder follows the task. Lists go to SQL.
/// Agents reach only activities of customers assigned to them (others answer 404).
/// </summary>
public static class ActivityEndpoints
{
    /// <summary>Activities, tasks, timelines, notifications and attachments.</summary>
    public static RouteGroupBuilder MapActivities(this RouteGroupBuilder api)
    {
        var activities = api.MapGroup("/activities").WithTags("Activities")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        activities.MapGet("", List).RequirePermission(Permission.CustomersRead).WithName("ListActivities").WithQueryDocs<ActivityListQueryDocs>()
            .WithSummary("List activities: filters (type, customer_id, assigned_to, created_by, status, due_before, overdue, created_after, created_before), sort, cursor or offset.");
        activities.MapPost("", Create).RequirePermission(Permission.CustomersWrite).WithName("CreateActivity")
            .WithSummary("Log an email, call, meeting or note, or create a task (due_at required; its assignee is notified when it is due).");
        activities.MapGet("/{id:guid}", Get).RequirePermission(Permission.CustomersRead).WithName("GetActivity").WithSummary("Get one activity with its attachments.");
        activities.MapPut("/{id:guid}", Update).RequirePermission(Permission.CustomersWrite).WithName("UpdateActivity")
            .WithSummary("Change an activity; absent fields stay. Moving a task's due time moves its reminder; completing or cancelling removes it.");
        activities.MapDelete("/{id:guid}", Delete).RequirePermission(Permission.CustomersWrite).WithName("DeleteActivity").WithSummary("Delete an activity and its attachments.");
        activities.MapPost("/{id:guid}/complete", Complete).RequirePermission(Permission.CustomersWrite).WithName("CompleteTask")
            .WithSummary("Mark a task completed (and remove its reminder); completing a completed task changes nothing.");

        var customer = api.MapGroup("/customers/{id:guid}").WithTags("Customers")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        customer.MapGet("/activities", ListForCustomer).RequirePermission(Permission.CustomersRead).WithName("ListCustomerActivities").WithQueryDocs<ActivityListQueryDocs>()
            .WithSummary("The customer's activities, newest first (same filters as GET /activities).");
        customer.MapPost("/activities", CreateForCustomer).RequirePermission(Permission.CustomersWrite).WithName("CreateCustomerActivity")
            .WithSummary("Log an activity or create a task on this customer.");

        api.MapTasks();
        api.MapTimeline();
        api.MapNotifications();
        api.MapAttachments();
        return activities;
    }

    /// <summary>Reads the filter parameters shared by the activity lists.</summary>
    public static ActivityFilter ReadFilter(QueryReader query) => new()
    {
        Types = query.Enums<ActivityType>("type"),
        CustomerId = query.Uuid("customer_id"),
        AssignedTo = query.Uuid("assigned_to"),
        CreatedBy = query.Uuid("created_by"),
        Statuses = query.Enums<ActivityTaskStatus>("status"),
        DueBefore = query.Instant("due_before"),
        Overdue = query.Flag("overdue"),
        CreatedAfter = query.Instant("created_after"),
        CreatedBefore = query.Instant("created_before"),
    };

    private static Task<Results<Ok<Page<Activity>>, ProblemHttpResult>> List(HttpContext http, ActivityQueries queries) =>
        ListAsync(http, queries, ReadFilter, ActivityQueries.DefaultSort);

    private static async Task<Results<Ok<Page<Activity>>, ProblemHttpResult>> ListForCustomer(HttpContext http, ActivityQueries queries, IGrainFactory grains, Guid id)
    {
        if (await http.FindVisibleAsync(grains, id) is null)
        {
            return CustomerEndpoints.NotFound(id);
        }

        return await ListAsync(http, queries, q =>
        {
            var filter = ReadFilter(q);
            if (filter.CustomerId is { } other && other != id)
            {
                q.Fail("customer_id", "The path names the customer already.");
            }

            return filter with { CustomerId = id };
        }, ActivityQueries.DefaultSort);
    }

    /// <summary>A list narrowed by <paramref name="read"/>'s filter and, for agents, to their customers.</summary>
    internal static async Task<Results<Ok<Page<Activity>>, ProblemHttpResult>> ListAsync(
        HttpContext http, ActivityQueries queries, Func<QueryReader, ActivityFilter> read, IReadOnlyList<SortTerm> defaultSort)
    {
        var query = new QueryReader(http.Request.Query);
        var filter = read(query) with { VisibleToOwner = http.Caller().AssignedTo };
        var sort = query.Sort(ActivityQueries.Sortable, defaultSort);
        var page = query.Page();
        if (!query.Complete())
        {
            return CommandResultHttp.FieldProblem(400, "Invalid query", "One or more query parameters are invalid.", query.Errors);
        }

        try
        {
            return TypedResults.Ok(await queries.ListAsync(http.Workspace(), filter, sort, page, http.RequestAborted));
        }
        catch (InvalidCursorException e)
        {
            return CommandResultHttp.FieldProblem(400, "Invalid query", e.Message, new Dictionary<string, string[]> { ["cursor"] = [e.Message] });
        }
    }

    private static Task<Results<Created<Activity>, ProblemHttpResult>> Create(
        HttpContext http, IGrainFactory grains, UserDirectory users, ActivityStore store, ActivityAfterCommit afterCommit, ActivityInput input) =>
        CreateAsync(http, grains, users, store, afterCommit, input, input.CustomerId);

    private static async Task<Results<Created<Activity>, ProblemHttpResult>> CreateForCustomer(
        HttpContext http, IGrainFactory grains, UserDirectory users, ActivityStore store, ActivityAfterCommit afterCommit, Guid id, ActivityInput input)
    {
        if (await http.FindVisibleAsync(grains, id) is null)
        {
            return CustomerEndpoints.NotFound(id);
        }

        if (input.CustomerId is { } other && other != id)
        {
            return Invalid(new Dictionary<string, string[]> { ["customer_id"] = ["The path names another customer."] });
        }

        return await CreateAsync(http, grains, users, store, afterCommit, input, id);
    }

    private static async Task<Results<Created<Activity>, ProblemHttpResult>> CreateAsync(
        HttpContext http, IGrainFactory grains, UserDirectory users, ActivityStore store, ActivityAfterCommit afterCommit, ActivityInput input, Guid? customerId)
    {
        var caller = http.Caller();
        var errors = new Dictionary<string, string[]>();
        var customer = customerId is { } requested ? await http.FindVisibleAsync(grains, requested) : null;
        if (customerId is null)
        {
            errors["customer_id"] = ["Required."];
        }
        else if (customer is null)
        {
            errors["customer_id"] = [$"Customer {customerId} does not exist."];
        }

        if (input.Type is not { } type)
        {
            // The other rules depend on the type: without one, say only what is missing.
            errors["type"] = ["Required: email, call, meeting, note or task."];
            return Invalid(errors);
        }

        var (draft, ruleErrors) = ActivityRules.Prepare(new ActivityDraft
        {
            CustomerId = customerId ?? Guid.Empty,
            Type = type,
            Direction = input.Direction,
            Subject = input.Subject ?? "",
            Description = input.Description,
            EmailMetadata = input.EmailMetadata,
            // A task is the creator's own unless it names someone else.
            AssignedTo = input.AssignedTo ?? (type == ActivityType.Task ? caller.UserId : null),
            DueAt = input.DueAt,
            Status = input.Status,
        });
        foreach (var (field, messages) in ruleErrors)
        {
            errors.TryAdd(field, messages);
        }

        if (customer is not null && draft.AssignedTo is { } assignee && !errors.ContainsKey("assigned_to")
            && await AssigneeProblemAsync(caller, users, assignee, customer.Profile.OwnerId, http.RequestAborted) is { } problem)
        {
            errors["assigned_to"] = [problem];
        }

        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        var id = Guid.CreateVersion7();
        var write = await store.InsertAsync(http.Workspace(), id, draft, caller.UserId, http.ChangeContext(), http.RequestAborted);
        if (write is null)
        {
            return Invalid(new Dictionary<string, string[]> { ["customer_id"] = [$"Customer {customerId} does not exist."] });
        }

        await afterCommit.ActivityChangedAsync(http.Workspace(), write.Activity, write.Entry);
        return TypedResults.Created($"/api/v1/activities/{id}", write.Activity);
    }

    /// <summary>A read of personal data (the activity's text): audited before the answer goes out.</summary>
    private static async Task<Results<Ok<Activity>, ProblemHttpResult>> Get(HttpContext http, IGrainFactory grains, ActivityStore store, AuditLog audit, Guid id)
    {
        if (await FindVisibleAsync(http, grains, store, id) is not { } activity)
        {
            return NotFound(id);
        }

        await audit.RecordAsync(http.Workspace(), http.ChangeContext(), "read", "activity", id, cancellationToken: http.RequestAborted);
        return TypedResults.Ok(activity);
    }

    private static async Task<Results<Ok<Activity>, ProblemHttpResult>> Update(
        HttpContext http, IGrainFactory grains, UserDirectory users, ActivityStore store, ActivityAfterCommit afterCommit, Guid id, ActivityUpdateInput input)
    {
        if (await FindVisibleAsync(http, grains, store, id) is not { } current)
        {
            return NotFound(id);
        }

        if (input.Version is { } expected && expected != current.Version)
        {
            return CommandResultHttp.FieldProblem(409, "Conflict",
                $"The activity was changed since version {expected}; it is now at version {current.Version}. Reload and try again.",
                new Dictionary<string, string[]> { ["version"] = [$"Now at version {current.Version}."] });
        }

        var (draft, errors) = ActivityRules.Prepare(input.ApplyTo(current));
        if (errors.Count == 0 && draft.AssignedTo is { } assignee && assignee != current.AssignedTo)
        {
            var customer = await grains.GetCustomer(http.Workspace(), current.CustomerId).GetAsync();
            if (await AssigneeProblemAsync(http.Caller(), users, assignee, customer?.Profile.OwnerId, http.RequestAborted) is { } problem)
            {
                errors = new Dictionary<string, string[]> { ["assigned_to"] = [problem] };
            }
        }

        return errors.Count > 0 ? Invalid(errors) : await SaveAsync(http, store, afterCommit, current, draft);
    }

    private static async Task<Results<Ok<Activity>, ProblemHttpResult>> Complete(HttpContext http, IGrainFactory grains, ActivityStore store, ActivityAfterCommit afterCommit, Guid id)
    {
        if (await FindVisibleAsync(http, grains, store, id) is not { } current)
        {
            return NotFound(id);
        }

        if (current.Type != ActivityType.Task)
        {
            return CommandResultHttp.FieldProblem(409, "Conflict", "Only tasks can be completed.",
                new Dictionary<string, string[]> { ["type"] = [$"This activity is a {current.Type.ToString().ToLowerInvariant()}, not a task."] });
        }

        if (current.Status == ActivityTaskStatus.Completed)
        {
            return TypedResults.Ok(current);
        }

        var (draft, _) = ActivityRules.Prepare(new ActivityUpdateInput { Status = ActivityTaskStatus.Completed }.ApplyTo(current));
        return await SaveAsync(http, store, afterCommit, current, draft);
    }

    private static async Task<Results<Ok<Activity>, ProblemHttpResult>> SaveAsync(HttpContext http, ActivityStore store, ActivityAfterCommit afterCommit, Activity current, ActivityDraft draft)
    {
        var write = await store.UpdateAsync(http.Workspace(), current, draft, http.ChangeContext(), http.RequestAborted);
        if (write is null)
        {
            return CommandResultHttp.FieldProblem(409, "Conflict", "The activity was changed at the same time. Reload and try again.",
                new Dictionary<string, string[]> { ["version"] = ["Changed at the same time."] });
        }

        await afterCommit.ActivityChangedAsync(http.Workspace(), write.Activity, write.Entry);
        return TypedResults.Ok(write.Activity);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        HttpContext http, IGrainFactory grains, ActivityStore store, ActivityAfterCommit afterCommit, IAttachmentStore files, ILogger<ActivityAfterCommit> logger, Guid id)
    {
        if (await FindVisibleAsync(http, grains, store, id) is not { } current)
        {
            return NotFound(id);
        }

        if (await store.DeleteAsync(http.Workspace(), current, http.ChangeContext(), http.RequestAborted) is not { } deleted)
        {
            return CommandResultHttp.FieldProblem(409, "Conflict", "The activity was changed at the same time. Reload and try again.",
                new Dictionary<string, string[]> { ["version"] = ["Changed at the same time."] });
        }

        await afterCommit.ActivityChangedAsync(http.Workspace(), current, deleted.Write.Entry);
        foreach (var key in deleted.StorageKeys)
        {
            try
            {
                await files.DeleteAsync(key, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "The file of a deleted attachment ({Key}) could not be removed", key);
            }
        }

        return TypedResults.NoContent();
    }

    /// <summary>The activity, or null when it does not exist or its customer is one the caller may not see.</summary>
    internal static async Task<Activity?> FindVisibleAsync(HttpContext http, IGrainFactory grains, ActivityStore store, Guid id) =>
        await store.LoadAsync(http.Workspace(), id, http.RequestAborted) is { } activity && await http.MayTouchAsync(grains, activity.CustomerId) ? activity : null;

    /// <summary>
    /// The assignee must be an active (or invited) member of the workspace, and an agent only sees customers assigned
    /// to them, so a task goes to an agent only on such a customer.
    /// </summary>
    private static async Task<string?> AssigneeProblemAsync(Caller caller, UserDirectory users, Guid assignee, Guid? customerOwner, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(caller.Workspace.Value, assignee, cancellationToken);
        if (user is null || user.Status == "inactive")
        {
            return $"No active team member {assignee} in this workspace.";
        }

        return user.Role == Roles.Agent && customerOwner != assignee
            ? "This team member is an agent and the customer is not assigned to them; assign the customer to them first."
            : null;
    }

    internal static ProblemHttpResult NotFound(Guid id) => TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"Activity {id} does not exist.");

    private static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        CommandResultHttp.FieldProblem(400, "Invalid input", "One or more fields are invalid.", errors);
}
