using SimpleCrm.Api.Access;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Data.Customers;
using SimpleCrm.Data.Identity;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Api.Customers;

public enum BulkAction
{
    AddTags,
    RemoveTags,
    SetStatus,
    AssignOwner,
    Delete,
}

public sealed record BulkInput
{
    [Required] public BulkAction? Action { get; init; }

    [Description("The selection: these customer ids (at most 1000)…")]
    public IReadOnlyList<Guid>? Ids { get; init; }

    [Description("…or every customer matching this list filter, written as a query string, e.g. \"country=US&tag=vip\".")]
    public string? Filter { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }
    public CustomerStatus? Status { get; init; }

    [Description("For assign_owner; null removes the owner.")]
    public Guid? OwnerId { get; init; }
}

public sealed record BulkFailure(Guid Id, string Message);

public sealed record BulkResult(int Matched, int Succeeded, IReadOnlyList<BulkFailure> Failures);

/// <summary>
/// Bulk actions on a selection or a whole filter. Each customer changes through its own grain (the one
/// writer), a bounded number at a time, so bulk work never races single edits and never bypasses the rules.
/// </summary>
public static class CustomerBulkEndpoints
{
    public const int MaxIds = 1000;
    public const int MaxMatched = 10_000;

    public static RouteGroupBuilder MapCustomerBulk(this RouteGroupBuilder customers)
    {
        customers.MapPost("/bulk", Run).RequirePermission(Permission.CustomersBulk).WithName("BulkCustomers")
            .WithSummary("Tag, untag, change status, assign owner or delete a selection or a whole filter (at most 10,000 customers).");
        customers.MapPost("/{id:guid}/tags", AddTags).RequirePermission(Permission.CustomersWrite).WithName("AddCustomerTags").WithSummary("Add tags to a customer.");
        customers.MapDelete("/{id:guid}/tags/{tag}", RemoveTag).RequirePermission(Permission.CustomersWrite).WithName("RemoveCustomerTag").WithSummary("Remove a tag from a customer.");
        return customers;
    }

    private static async Task<Results<Ok<BulkResult>, ProblemHttpResult>> Run(Caller caller, IGrainFactory grains, CustomerQueries queries, UserDirectory users, BulkInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var edit = EditFor(input, errors);
        // The same rule as a single edit: an owner must be a member of this workspace.
        if (input.Action == BulkAction.AssignOwner && await caller.CheckOwnerAsync(users, input.OwnerId, cancellationToken) is { } ownerError)
        {
            errors["owner_id"] = [ownerError];
        }

        var hasIds = input.Ids is { Count: > 0 };
        if (hasIds == !string.IsNullOrWhiteSpace(input.Filter))
        {
            errors["ids"] = ["Give either ids or filter."];
        }

        if (input.Ids is { Count: > MaxIds })
        {
            errors["ids"] = [$"At most {MaxIds} ids; use a filter for more."];
        }

        CustomerFilter? filter = null;
        if (!hasIds && !string.IsNullOrWhiteSpace(input.Filter))
        {
            var reader = new QueryReader(new QueryCollection(QueryHelpers.ParseQuery(input.Filter)), "custom.");
            filter = CustomerListEndpoint.ReadFilter(reader).VisibleTo(caller);
            if (!reader.Complete())
            {
                errors["filter"] = reader.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}").ToArray();
            }
        }

        if (errors.Count > 0)
        {
            return CommandResultHttp.FieldProblem(400, "Invalid bulk action", "One or more fields are invalid.", errors);
        }

        var workspace = caller.Workspace;
        var ids = hasIds
            ? await queries.IdsAsync(workspace, new CustomerFilter { Ids = input.Ids!.Distinct().ToList() }.VisibleTo(caller), MaxIds, cancellationToken)
            : await queries.IdsAsync(workspace, filter!, MaxMatched + 1, cancellationToken);
        if (ids.Count > MaxMatched)
        {
            return CommandResultHttp.FieldProblem(400, "Selection too large", $"The filter matches more than {MaxMatched} customers; narrow it.",
                new Dictionary<string, string[]> { ["filter"] = [$"Matches more than {MaxMatched} customers."] });
        }

        var context = caller.Change;
        var failures = await GrainFanOut.RunAsync(ids, async id =>
        {
            var grain = grains.GetCustomer(workspace, id);
            return GrainFanOut.Refusal(input.Action == BulkAction.Delete ? await grain.DeleteAsync(context) : await grain.EditAsync(edit!, context));
        }, cancellationToken);

        return TypedResults.Ok(new BulkResult(ids.Count, ids.Count - failures.Count, failures));
    }

    private static CustomerEdit? EditFor(BulkInput input, Dictionary<string, string[]> errors)
    {
        switch (input.Action)
        {
            case BulkAction.AddTags or BulkAction.RemoveTags when input.Tags is not { Count: > 0 }:
                errors["tags"] = ["Give the tags."];
                return null;
            case BulkAction.AddTags:
                return new CustomerEdit { AddTags = input.Tags! };
            case BulkAction.RemoveTags:
                return new CustomerEdit { RemoveTags = input.Tags! };
            case BulkAction.SetStatus when input.Status is null:
                errors["status"] = ["Give the status."];
                return null;
            case BulkAction.SetStatus:
                return new CustomerEdit { Status = input.Status };
            case BulkAction.AssignOwner:
                return input.OwnerId is { } owner ? new CustomerEdit { OwnerId = owner } : new CustomerEdit { ClearOwner = true };
            case BulkAction.Delete:
                return null;
            default:
                errors["action"] = ["Required."];
                return null;
        }
    }

    private static async Task<Results<Ok<SimpleCrm.Domain.Customers.Customer>, ProblemHttpResult>> AddTags(Caller caller, IGrainFactory grains, Guid id, TagsInput input) =>
        await EditOneAsync(caller, grains, id, new CustomerEdit { AddTags = input.Tags ?? [] }, input.Tags is { Count: > 0 });

    private static async Task<Results<Ok<SimpleCrm.Domain.Customers.Customer>, ProblemHttpResult>> RemoveTag(Caller caller, IGrainFactory grains, Guid id, string tag) =>
        await EditOneAsync(caller, grains, id, new CustomerEdit { RemoveTags = [tag] }, tag.Length > 0);

    private static async Task<Results<Ok<SimpleCrm.Domain.Customers.Customer>, ProblemHttpResult>> EditOneAsync(Caller caller, IGrainFactory grains, Guid id, CustomerEdit edit, bool valid)
    {
        if (!valid)
        {
            return Problem.Invalid("tags", "Required.", "Give at least one tag.");
        }

        if (!await caller.MayTouchAsync(grains, id))
        {
            return CustomerEndpoints.NotFound(id);
        }

        var result = await grains.GetCustomer(caller.Workspace, id).EditAsync(edit, caller.Change);
        return result.IsOk ? TypedResults.Ok(SimpleCrm.Domain.Customers.Customer.From(result.Value!)) : result.ToProblem();
    }
}

public sealed record TagsInput
{
    [Required] public IReadOnlyList<string>? Tags { get; init; }
}
