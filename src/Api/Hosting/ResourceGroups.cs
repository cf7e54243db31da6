namespace SimpleCrm.Api.Hosting;

/// <summary>The preamble every resource group shares: its path, its OpenAPI tag and the problems it documents.</summary>
public static class ResourceGroups
{
    /// <param name="problems">
    /// Statuses the group's endpoints answer with a problem, in the order they are documented. 400 is always
    /// a field problem (errors per field), so it is documented as a validation problem.
    /// </param>
    public static RouteGroupBuilder MapResource(this IEndpointRouteBuilder api, string prefix, string tag, params int[] problems)
    {
        var group = api.MapGroup(prefix).WithTags(tag);
        foreach (var status in problems)
        {
            group = status == StatusCodes.Status400BadRequest ? group.ProducesValidationProblem() : group.ProducesProblem(status);
        }

        return group;
    }
}
