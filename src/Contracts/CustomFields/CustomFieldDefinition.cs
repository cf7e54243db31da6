namespace SimpleCrm.Contracts.CustomFields;

public enum CustomFieldType
{
    Text,
    Number,
    Date,
    Boolean,
    Select,
}

/// <summary>A custom field a workspace defines for its customers.</summary>
[GenerateSerializer, Immutable, Alias("crm.CustomFieldDefinition")]
public sealed record CustomFieldDefinition(
    [property: Id(0)] string Key,
    [property: Id(1)] string Label,
    [property: Id(2)] CustomFieldType Type,
    [property: Id(3)] IReadOnlyList<string> Options,
    [property: Id(4)] bool Required);

/// <summary>
/// The custom field definitions of one workspace (keyed by workspace id), held in memory so every customer
/// grain validates against them without a query; changed only through this grain.
/// </summary>
[Alias("crm.ICustomFieldSchemaGrain")]
public interface ICustomFieldSchemaGrain : IGrainWithGuidKey
{
    [Alias("get")]
    Task<IReadOnlyList<CustomFieldDefinition>> GetAsync();

    [Alias("define")]
    Task<Common.CommandResult<CustomFieldDefinition>> DefineAsync(CustomFieldDefinition definition, Common.ChangeContext context);

    [Alias("remove")]
    Task<Common.CommandResult<CustomFieldDefinition>> RemoveAsync(string key, Common.ChangeContext context);
}
