using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Email;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Data.Audit;
using SimpleCrm.Data.Templates;

namespace SimpleCrm.Api.Templates;

/// <summary>/api/v1/templates: email and response templates with a variant per language, and their preview for a customer.</summary>
public static class TemplateEndpoints
{
    /// <summary>Templates and customer email.</summary>
    public static void MapCommunication(this RouteGroupBuilder api)
    {
        api.MapTemplates();
        api.MapEmail();
        api.MapBulkEmail();
    }

    public static void MapTemplates(this RouteGroupBuilder api)
    {
        var read = api.MapResource("/templates", "Templates", StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)
            .RequirePermission(Permission.CustomersRead);
        read.MapGet("", ListAsync).WithName("ListTemplates").WithQueryDocs<TemplateQueryDocs>().WithSummary("The workspace's templates, by name");
        read.MapGet("/{id:guid}", GetAsync).WithName("GetTemplate").WithSummary("One template with all its variants");
        read.MapPost("/{id:guid}/preview", PreviewAsync).WithName("PreviewTemplate").ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Render the template for a customer: the variant in their language (else the default language, else English)");

        var write = api.MapResource("/templates", "Templates", StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .RequirePermission(Permission.CustomersWrite);
        write.MapPost("", CreateAsync).WithName("CreateTemplate").WithSummary("Create a template; one that does not parse is refused with the line and the reason");
        write.MapPut("/{id:guid}", ReplaceAsync).WithName("ReplaceTemplate").WithSummary("Replace a template's name, kind, default language and variants");
        write.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteTemplate").WithSummary("Delete a template");

        api.MapResource("/template-variables", "Templates").RequirePermission(Permission.CustomersRead)
            .MapGet("", () => TypedResults.Ok(new TemplateVariableList(Variables.Catalog))).WithName("ListTemplateVariables")
            .WithSummary("The variables a template may use");
    }

    private static async Task<Results<Ok<TemplateList>, ProblemHttpResult>> ListAsync(HttpContext http, Caller caller, TemplateStore store, CancellationToken cancellationToken)
    {
        var query = new QueryReader(http.Request.Query);
        var kind = query.Text("kind");
        if (kind is not null && !TemplateValidation.Kinds.Contains(kind))
        {
            query.Fail("kind", "email or response.");
        }

        if (!query.Complete())
        {
            return Problem.InvalidQuery(query.Errors);
        }

        return TypedResults.Ok(new TemplateList((await store.ListAsync(caller.Workspace, kind, cancellationToken)).Select(TemplateView.From).ToList()));
    }

    private static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> GetAsync(Guid id, Caller caller, TemplateStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(caller.Workspace, id, cancellationToken) is { } row ? TypedResults.Ok(TemplateView.From(row)) : Problem.NotFound("Template", id);

    private static async Task<Results<Created<TemplateView>, ProblemHttpResult>> CreateAsync(
        TemplateInput body, Caller caller, TemplateStore store, TemplateRenderer renderer, AuditLog audit, CancellationToken cancellationToken)
    {
        var (content, errors) = await TemplateValidation.CheckAsync(body, renderer, cancellationToken);
        if (content is null)
        {
            return Problem.Invalid(errors);
        }

        try
        {
            var row = await store.CreateAsync(caller.Workspace, content, cancellationToken);
            await audit.RecordAsync(caller.Workspace, caller.Change, "create", "template", row.Id, new { row.Name, row.Kind, languages = row.Variants.Select(v => v.Language) }, cancellationToken);
            return TypedResults.Created($"/api/v1/templates/{row.Id}", TemplateView.From(row));
        }
        catch (DuplicateTemplateNameException e)
        {
            return NameTaken(e);
        }
    }

    private static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> ReplaceAsync(
        Guid id, TemplateInput body, Caller caller, TemplateStore store, TemplateRenderer renderer, AuditLog audit, CancellationToken cancellationToken)
    {
        var (content, errors) = await TemplateValidation.CheckAsync(body, renderer, cancellationToken);
        if (content is null)
        {
            return Problem.Invalid(errors);
        }

        try
        {
            if (await store.ReplaceAsync(caller.Workspace, id, content, cancellationToken) is not { } row)
            {
                return Problem.NotFound("Template", id);
            }

            await audit.RecordAsync(caller.Workspace, caller.Change, "update", "template", row.Id, new { row.Name, row.Kind, languages = row.Variants.Select(v => v.Language) }, cancellationToken);
            return TypedResults.Ok(TemplateView.From(row));
        }
        catch (DuplicateTemplateNameException e)
        {
            return NameTaken(e);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, Caller caller, TemplateStore store, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(caller.Workspace, id, cancellationToken))
        {
            return Problem.NotFound("Template", id);
        }

        await audit.RecordAsync(caller.Workspace, caller.Change, "delete", "template", id, null, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<TemplatePreview>, ProblemHttpResult>> PreviewAsync(
        Guid id, PreviewInput body, Caller caller, TemplateStore store, RecipientFactsQuery facts, TemplateRenderer renderer, CancellationToken cancellationToken)
    {
        if (body.CustomerId is not { } customerId)
        {
            return Problem.Invalid("customer_id", "Required: the customer to render for.");
        }

        if (await store.FindAsync(caller.Workspace, id, cancellationToken) is not { } template)
        {
            return Problem.NotFound("Template", id);
        }

        if (await facts.FindAsync(caller.Workspace, customerId, caller.UserId, cancellationToken) is not { } recipient || !caller.Sees(recipient.Customer.OwnerId))
        {
            return Problem.NotFound("Customer", customerId);
        }

        if (body.Draft is { } draft)
        {
            var (content, errors) = await TemplateValidation.CheckAsync(draft, renderer, cancellationToken);
            if (content is null)
            {
                return Problem.Invalid(errors.ToDictionary(e => $"draft.{e.Key}", e => e.Value));
            }

            template = new TemplateRow(template.Id, content.Name, content.Kind, content.DefaultLanguage, content.Variants, template.CreatedAt, template.UpdatedAt);
        }

        try
        {
            var message = await renderer.RenderAsync(template, recipient, cancellationToken);
            return TypedResults.Ok(new TemplatePreview(message.Language, message.Subject, message.BodyHtml, message.BodyText));
        }
        catch (TemplateFailure e)
        {
            var language = TemplateRenderer.Choose(template, recipient.Customer.Language).Language;
            return CommandResultHttp.FieldProblem(StatusCodes.Status422UnprocessableEntity, "Template failed", e.Message,
                new Dictionary<string, string[]> { [$"variants[{language}].{e.Field}"] = [e.Message] });
        }
    }

    private static ProblemHttpResult NameTaken(DuplicateTemplateNameException e) =>
        CommandResultHttp.FieldProblem(StatusCodes.Status409Conflict, "Conflict", e.Message, new Dictionary<string, string[]> { ["name"] = [e.Message] });
}
