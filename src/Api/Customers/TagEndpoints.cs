using SimpleCrm.Api.Access;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Data.Customers;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Api.Customers;

public sealed record TagRenameInput
{
    [Required] public string? From { get; init; }
    [Required] public string? To { get; init; }
}

/// <summary>/api/v1/tags: the workspace's tags, and renaming (or merging) one everywhere.</summary>
public static class TagEndpoints
{
    public static RouteGroupBuilder MapTags(this RouteGroupBuilder api)
    {
        var tags = api.MapResource("/tags", "Tags", StatusCodes.Status400BadRequest);
        tags.MapGet("", List).RequirePermission(Permission.CustomersRead).WithName("ListTags").WithSummary("Every tag in use, with how many customers carry it.");
        tags.MapPost("/rename", Rename).RequirePermission(Permission.CustomersBulk).WithName("RenameTag")
            .WithSummary("Rename a tag on every customer; renaming onto an existing tag merges the two.");
        return tags;
    }

    /// <summary>Agents see only the tags of their own customers, counted over those (as the customer list scopes them).</summary>
    private static async Task<Ok<IReadOnlyList<TagCountRow>>> List(Caller caller, CustomerQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.TagsAsync(caller.Workspace, caller.AssignedTo, cancellationToken));

    private static async Task<Results<Ok<BulkResult>, ProblemHttpResult>> Rename(Caller caller, IGrainFactory grains, CustomerQueries queries, TagRenameInput input, CancellationToken cancellationToken)
    {
        var from = input.From?.Trim() ?? "";
        var to = input.To?.Trim() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (from.Length is 0 or > 50)
        {
            errors["from"] = ["1–50 characters."];
        }

        if (to.Length is 0 or > 50)
        {
            errors["to"] = ["1–50 characters."];
        }

        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var workspace = caller.Workspace;
        var ids = await queries.IdsAsync(workspace, new CustomerFilter { Tags = [from] }, int.MaxValue, cancellationToken);
        var context = caller.Change;
        var failures = await GrainFanOut.RunAsync(ids, async id =>
            GrainFanOut.Refusal(await grains.GetCustomer(workspace, id).EditAsync(new CustomerEdit { RemoveTags = [from], AddTags = [to] }, context)));
        return TypedResults.Ok(new BulkResult(ids.Count, ids.Count - failures.Count, failures));
    }
}
