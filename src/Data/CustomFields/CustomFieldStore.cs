using SimpleCrm.Data.Changes;
using SimpleCrm.Data.Orders;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.CustomFields;

namespace SimpleCrm.Data.CustomFields;

/// <summary>custom_field_definitions; written only by the workspace's schema grain.</summary>
public sealed class CustomFieldStore(CrmDatabase database)
{
    public async Task<IReadOnlyList<CustomFieldDefinition>> LoadAsync(WorkspaceId workspace, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var rows = await session.QueryAsync<(string Key, string Label, string Type, string[] Options, bool Required)>(
            "select key, label, type, options, required from custom_field_definitions where workspace_id = @workspace order by key",
            new { workspace = workspace.Value }, cancellationToken);
        return rows.Select(r => new CustomFieldDefinition(r.Key, r.Label, EnumNames.Parse<CustomFieldType>(r.Type), r.Options, r.Required)).ToList();
    }

    public async Task UpsertAsync(WorkspaceId workspace, CustomFieldDefinition? before, CustomFieldDefinition definition, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync("""
            insert into custom_field_definitions (workspace_id, key, label, type, options, required)
            values (@workspace, @Key, @Label, @type, @options, @Required)
            on conflict (workspace_id, key) do update set label = excluded.label, type = excluded.type, options = excluded.options, required = excluded.required
            """, new { workspace = workspace.Value, definition.Key, definition.Label, type = EnumNames.ToName(definition.Type), options = definition.Options.ToArray(), definition.Required }, cancellationToken);
        await ChangeJournal.AppendAsync(session, context, "custom_field", null, before is null ? "create" : "update", before, definition,
            "custom_field.defined", definition, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    public async Task DeleteAsync(WorkspaceId workspace, CustomFieldDefinition definition, ChangeContext context, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync("delete from custom_field_definitions where workspace_id = @workspace and key = @Key",
            new { workspace = workspace.Value, definition.Key }, cancellationToken);
        await ChangeJournal.AppendAsync(session, context, "custom_field", null, "delete", definition, null, "custom_field.removed", definition, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }
}
