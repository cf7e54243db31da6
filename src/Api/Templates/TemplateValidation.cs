using System.Text.RegularExpressions;
using SimpleCrm.Data.Templates;

namespace SimpleCrm.Api.Templates;

/// <summary>
/// Checks a template body field by field. Every variant part must parse, and must render for a made-up customer
/// within the sandbox's limits, so a template that cannot finish is refused when saved rather than when sent.
/// </summary>
public static partial class TemplateValidation
{
    public static readonly IReadOnlyList<string> Kinds = ["email", "response"];
    private const int MaxVariants = 30;

    public static async Task<(TemplateContent? Content, Dictionary<string, string[]> Errors)> CheckAsync(
        TemplateInput body, TemplateRenderer renderer, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            errors["name"] = ["Required, at most 200 characters."];
        }

        if (body.Kind is null || !Kinds.Contains(body.Kind))
        {
            errors["kind"] = ["Choose email or response."];
        }

        var defaultLanguage = body.DefaultLanguage?.Trim().ToLowerInvariant();
        if (defaultLanguage is null || !Language().IsMatch(defaultLanguage))
        {
            errors["default_language"] = ["An ISO 639-1 language code of two letters, e.g. en."];
            defaultLanguage = null;
        }

        var variants = new List<TemplateVariant>();
        if (body.Variants is not { Count: > 0 } || body.Variants.Count > MaxVariants)
        {
            errors["variants"] = [$"One to {MaxVariants} variants, one per language."];
        }
        else
        {
            for (var i = 0; i < body.Variants.Count; i++)
            {
                if (CheckVariant(body.Variants[i], $"variants[{i}]", renderer, errors) is { } variant)
                {
                    if (variants.Any(v => v.Language == variant.Language))
                    {
                        errors[$"variants[{i}].language"] = [$"A second variant in '{variant.Language}': one variant per language."];
                    }

                    variants.Add(variant);
                }
            }

            if (defaultLanguage is not null && !errors.Keys.Any(k => k.StartsWith("variants", StringComparison.Ordinal)) && variants.All(v => v.Language != defaultLanguage))
            {
                errors["default_language"] = [$"No variant in '{defaultLanguage}': the default language needs one."];
            }
        }

        if (errors.Count == 0)
        {
            await TryRenderAsync(variants, renderer, errors, cancellationToken);
        }

        return errors.Count > 0 ? (null, errors) : (new TemplateContent(name!, body.Kind!, defaultLanguage!, variants), errors);
    }

    private static TemplateVariant? CheckVariant(TemplateVariantInput? input, string path, TemplateRenderer renderer, Dictionary<string, string[]> errors)
    {
        if (input is null)
        {
            errors[path] = ["Required."];
            return null;
        }

        var before = errors.Count;
        var language = input.Language?.Trim().ToLowerInvariant();
        if (language is null || !Language().IsMatch(language))
        {
            errors[$"{path}.language"] = ["An ISO 639-1 language code of two letters, e.g. de."];
        }

        if (string.IsNullOrWhiteSpace(input.Subject))
        {
            errors[$"{path}.subject"] = ["Required."];
        }

        if (string.IsNullOrWhiteSpace(input.BodyHtml) && string.IsNullOrWhiteSpace(input.BodyText))
        {
            errors[$"{path}.body_text"] = ["Give a plain-text body, an HTML body or both."];
        }

        foreach (var (field, source) in new[] { ("subject", input.Subject), ("body_html", input.BodyHtml), ("body_text", input.BodyText) })
        {
            if (source is not null && !errors.ContainsKey($"{path}.{field}") && renderer.ParseProblem(source) is { } problem)
            {
                errors[$"{path}.{field}"] = [problem];
            }
        }

        return errors.Count > before ? null : new TemplateVariant(language!, input.Subject!, input.BodyHtml ?? "", input.BodyText ?? "");
    }

    private static async Task TryRenderAsync(IReadOnlyList<TemplateVariant> variants, TemplateRenderer renderer, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        for (var i = 0; i < variants.Count; i++)
        {
            var single = new TemplateRow(Guid.Empty, "", "email", variants[i].Language, [variants[i]], default, default);
            try
            {
                await renderer.RenderAsync(single, Variables.Sample(variants[i].Language), cancellationToken);
            }
            catch (TemplateFailure e)
            {
                errors[$"variants[{i}].{e.Field}"] = [e.Message];
            }
        }
    }

    [GeneratedRegex("^[a-z]{2}$")]
    private static partial Regex Language();
}
