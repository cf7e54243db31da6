using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Customers;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Workspaces;
using SimpleCrm.Data.Activities;
using SimpleCrm.Data.Audit;
using SimpleCrm.Data.Lists;
using SimpleCrm.Contracts.Activities;
using SimpleCrm.Domain.Activities;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Activities;

/// <summary>
/// /api/v1/activities: emails, calls, meetings, notes and tasks on customers. Every write is a command to the
/// activity's grain (<see cref="IActivityGrain"/>: the rules, the transaction, the live push); this class binds the
/// request, checks the caller may reach the customer and maps the answer to HTTP. Reads and lists go to SQL.
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

    private static Task<Results<Created<Activity>, ProblemHttpResult>> Create(HttpContext http, IGrainFactory grains, ActivityInput input) =>
        CreateAsync(http, grains, input, input.CustomerId);

    private static async Task<Results<Created<Activity>, ProblemHttpResult>> CreateForCustomer(HttpContext http, IGrainFactory grains, Guid id, ActivityInput input)
    {
        if (await http.FindVisibleAsync(grains, id) is null)
        {
            return CustomerEndpoints.NotFound(id);
        }

        if (input.CustomerId is { } other && other != id)
        {
            return Invalid(new Dictionary<string, string[]> { ["customer_id"] = ["The path names another customer."] });
        }

        return await CreateAsync(http, grains, input, id);
    }

    private static async Task<Results<Created<Activity>, ProblemHttpResult>> CreateAsync(HttpContext http, IGrainFactory grains, ActivityInput input, Guid? customerId)
    {
        var caller = http.Caller();
        var errors = new Dictionary<string, string[]>();
        if (customerId is null)
        {
            errors["customer_id"] = ["Required."];
        }
        else if (await http.FindVisibleAsync(grains, customerId.Value) is null)
        {
            errors["customer_id"] = [$"Customer {customerId} does not exist."];
        }

        if (input.Type is not { } type)
        {
            // The other rules depend on the type: without one, say only what is missing.
            errors["type"] = ["Required: email, call, meeting, note or task."];
            return Invalid(errors);
        }

        var draft = new ActivityDraft
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
        };
        if (errors.Count > 0)
        {
            // A customer this caller may not write to never reaches the grain; the answer still names every field's problem.
            foreach (var (field, messages) in ActivityRules.Prepare(draft).Errors)
            {
                errors.TryAdd(field, messages);
            }

            return Invalid(errors);
        }

        var id = Guid.CreateVersion7();
        var result = await grains.GetActivity(http.Workspace(), id).CreateAsync(draft, caller.UserId, http.ChangeContext());
        return result.IsOk ? TypedResults.Created($"/api/v1/activities/{id}", result.Value!) : result.ToProblem();
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

    private static async Task<Results<Ok<Activity>, ProblemHttpResult>> Update(HttpContext http, IGrainFactory grains, ActivityStore store, Guid id, ActivityUpdateInput input)
    {
        if (await FindVisibleAsync(http, grains, store, id) is null)
        {
            return NotFound(id);
        }

        return ToOk(await grains.GetActivity(http.Workspace(), id).UpdateAsync(input.ToChanges(), http.ChangeContext()));
    }

    private static async Task<Results<Ok<Activity>, ProblemHttpResult>> Complete(HttpContext http, IGrainFactory grains, ActivityStore store, Guid id)
    {
        if (await FindVisibleAsync(http, grains, store, id) is null)
        {
            return NotFound(id);
        }

        return ToOk(await grains.GetActivity(http.Workspace(), id).CompleteAsync(http.ChangeContext()));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        HttpContext http, IGrainFactory grains, ActivityStore store, IAttachmentStore files, ILogger<IAttachmentStore> logger, Guid id)
    {
        if (await FindVisibleAsync(http, grains, store, id) is null)
        {
            return NotFound(id);
        }

        var result = await grains.GetActivity(http.Workspace(), id).DeleteAsync(http.ChangeContext());
        if (!result.IsOk)
        {
            return result.ToProblem();
        }

        // The files live where this process keeps them; the rows that named them are gone already.
        foreach (var key in result.Value!.StorageKeys)
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

    private static Results<Ok<Activity>, ProblemHttpResult> ToOk(CommandResult<Activity> result) =>
        result.IsOk ? TypedResults.Ok(result.Value!) : result.ToProblem();

    internal static ProblemHttpResult NotFound(Guid id) => Problem.NotFound("Activity", id);

    private static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string[]> errors) => Problem.Invalid(errors);
}
