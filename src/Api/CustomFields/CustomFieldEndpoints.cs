using SimpleCrm.Api.Access;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Data.Lists;
using SimpleCrm.Contracts.CustomFields;

namespace SimpleCrm.Api.CustomFields;

public sealed record CustomFieldInput
{
    [Required] public string? Label { get; init; }
    [Required] public CustomFieldType? Type { get; init; }

    [Description("The choices of a select field.")]
    public IReadOnlyList<string>? Options { get; init; }

    public bool? Required { get; init; }
}

/// <summary>/api/v1/custom-fields: the workspace's custom field definitions; values are validated against them.</summary>
public static class CustomFieldEndpoints
{
    public static RouteGroupBuilder MapCustomFields(this RouteGroupBuilder api)
    {
        var fields = api.MapResource("/custom-fields", "Custom fields",
            StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        fields.MapGet("", List).RequirePermission(Permission.CustomersRead).WithName("ListCustomFields").WithSummary("The workspace's custom field definitions.");
        fields.MapPut("/{key}", Define).RequirePermission(Permission.SettingsCustomFields).WithName("DefineCustomField")
            .WithSummary("Create or change a custom field (text, number, date, boolean, select). Customers are then validated against it.");
        fields.MapDelete("/{key}", Remove).RequirePermission(Permission.SettingsCustomFields).WithName("RemoveCustomField").WithSummary("Remove a definition (stored values stay).");
        return fields;
    }

    private static async Task<Ok<IReadOnlyList<CustomFieldDefinition>>> List(Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Schema(caller, grains).GetAsync());

    private static async Task<Results<Ok<CustomFieldDefinition>, ProblemHttpResult>> Define(Caller caller, IGrainFactory grains, string key, CustomFieldInput input)
    {
        if (input.Type is not { } type || input.Label is null)
        {
            return Problem.Invalid(input.Type is null ? "type" : "label", "Required.", "label and type are required.");
        }

        var result = await Schema(caller, grains).DefineAsync(new CustomFieldDefinition(key, input.Label.Trim(), type, input.Options ?? [], input.Required ?? false), caller.Change);
        return result.IsOk ? TypedResults.Ok(result.Value!) : result.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Remove(Caller caller, IGrainFactory grains, string key)
    {
        var result = await Schema(caller, grains).RemoveAsync(key, caller.Change);
        return result.IsOk ? TypedResults.NoContent() : result.ToProblem();
    }

    private static ICustomFieldSchemaGrain Schema(Caller caller, IGrainFactory grains) =>
        grains.GetGrain<ICustomFieldSchemaGrain>(caller.Workspace.Value);

    /// <summary>Sortable columns for ?sort=custom.&lt;key&gt;, typed by the definitions (keys are validated names, safe in SQL).</summary>
    public static IReadOnlyDictionary<string, SortableColumn> SortableColumns(IReadOnlyList<CustomFieldDefinition> definitions) =>
        definitions.Where(d => Domain.CustomFields.CustomFieldRules.KeyPattern().IsMatch(d.Key)).ToDictionary(
            d => $"custom.{d.Key}",
            d => d.Type == CustomFieldType.Number
                ? new SortableColumn($"custom.{d.Key}", $"coalesce((c.custom_fields ->> '{d.Key}')::numeric, -1e30)", "numeric")
                : new SortableColumn($"custom.{d.Key}", $"coalesce(c.custom_fields ->> '{d.Key}', '')", "text"));
}
