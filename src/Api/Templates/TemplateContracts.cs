using System.ComponentModel;
using SimpleCrm.Data.Templates;

namespace SimpleCrm.Api.Templates;

public sealed record TemplateVariantInput(
    [property: Description("ISO 639-1 language code, e.g. de.")] string? Language,
    [property: Description("Liquid; rendered as plain text on one line.")] string? Subject,
    [property: Description("Liquid; variables are HTML-encoded.")] string? BodyHtml,
    [property: Description("Liquid; the plain-text part.")] string? BodyText);

/// <summary>The body of a create and of a full replace.</summary>
public sealed record TemplateInput(
    string? Name,
    [property: Description("email or response.")] string? Kind,
    [property: Description("ISO 639-1 code of the variant used when the customer's language has none; that variant must exist.")] string? DefaultLanguage,
    IReadOnlyList<TemplateVariantInput?>? Variants);

public sealed record TemplateVariantView(string Language, string Subject, string BodyHtml, string BodyText);

public sealed record TemplateView(Guid Id, string Name, string Kind, string DefaultLanguage, IReadOnlyList<TemplateVariantView> Variants, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static TemplateView From(TemplateRow row) => new(row.Id, row.Name, row.Kind, row.DefaultLanguage,
        row.Variants.Select(v => new TemplateVariantView(v.Language, v.Subject, v.BodyHtml, v.BodyText)).ToList(), row.CreatedAt, row.UpdatedAt);
}

public sealed record TemplateList(IReadOnlyList<TemplateView> Items);

public sealed record TemplateVariableList(IReadOnlyList<string> Items);

public sealed record PreviewInput(
    [property: Description("The customer to render for; their language picks the variant.")] Guid? CustomerId,
    [property: Description("Unsaved edits of the template to render instead of the stored version (the editor's live preview); checked like a save, so a part that does not parse is a 400 naming the variant and field with the line and the reason.")] TemplateInput? Draft = null);

public sealed record TemplatePreview(string Language, string Subject, string BodyHtml, string BodyText);

public sealed record TemplateQueryDocs
{
    [Description("Only templates of this kind: email or response.")]
    public string? Kind { get; init; }
}
