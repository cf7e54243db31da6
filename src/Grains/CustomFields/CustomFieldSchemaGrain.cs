using SimpleCrm.Data.CustomFields;
using SimpleCrm.Domain.CustomFields;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Grains.Common;
using SimpleCrm.Contracts.CustomFields;

namespace SimpleCrm.Grains.CustomFields;

/// <summary>
/// One per workspace: its custom field definitions, loaded once and served from memory to every customer
/// grain that validates values. Few writers (admins), many readers, so no hot spot.
/// </summary>
public sealed class CustomFieldSchemaGrain(CustomFieldStore store) : Grain, ICustomFieldSchemaGrain
{
    public const int MaxFields = 100;
    private List<CustomFieldDefinition> definitions = [];
    private WorkspaceId workspace;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        workspace = new WorkspaceId(this.GetPrimaryKey());
        definitions = (await store.LoadAsync(workspace, cancellationToken)).ToList();
    }

    public Task<IReadOnlyList<CustomFieldDefinition>> GetAsync() => Task.FromResult<IReadOnlyList<CustomFieldDefinition>>(definitions);

    public async Task<CommandResult<CustomFieldDefinition>> DefineAsync(CustomFieldDefinition definition, ChangeContext context)
    {
        definition = definition with { Options = definition.Type == CustomFieldType.Select ? definition.Options.Select(o => o.Trim()).Distinct().ToArray() : [] };
        var errors = CustomFieldRules.ValidateDefinition(definition);
        if (errors.Count > 0)
        {
            return CommandResult<CustomFieldDefinition>.Invalid(errors);
        }

        var before = definitions.FirstOrDefault(d => d.Key == definition.Key);
        if (before is null && definitions.Count >= MaxFields)
        {
            return CommandResult<CustomFieldDefinition>.Conflict("key", $"A workspace has at most {MaxFields} custom fields.");
        }

        await store.UpsertAsync(workspace, before, definition, context);
        definitions = definitions.Where(d => d.Key != definition.Key).Append(definition).OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
        return CommandResult<CustomFieldDefinition>.Ok(definition);
    }

    public async Task<CommandResult<CustomFieldDefinition>> RemoveAsync(string key, ChangeContext context)
    {
        var existing = definitions.FirstOrDefault(d => d.Key == key);
        if (existing is null)
        {
            return CommandResult<CustomFieldDefinition>.NotFound($"No custom field '{key}'.");
        }

        await store.DeleteAsync(workspace, existing, context);
        definitions.Remove(existing);
        return CommandResult<CustomFieldDefinition>.Ok(existing);
    }
}
