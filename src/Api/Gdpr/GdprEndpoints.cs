using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Customers;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Data.Audit;
using SimpleCrm.Data.Gdpr;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Contracts.Orders;

namespace SimpleCrm.Api.Gdpr;

/// <summary>The body of POST /customers/{id}/erase.</summary>
public sealed record EraseInput
{
    [Description("The customer's current email address, typed again to confirm the irreversible erasure.")]
    [Required]
    public string? Confirm { get; init; }
}

/// <summary>The body of POST /customers/{id}/consents.</summary>
public sealed record ConsentInput
{
    [Description("marketing_email, marketing_sms or profiling.")]
    [Required]
    public string? Purpose { get; init; }

    [Description("true when the customer gave consent, false when they refused or withdrew it.")]
    [Required]
    public bool? Granted { get; init; }

    [Description("Where the statement was made, e.g. checkout, newsletter_form, phone (1–200 characters).")]
    [Required]
    public string? Source { get; init; }

    [Description("Which version of the consent wording the customer saw (1–100 characters).")]
    [Required]
    public string? TextVersion { get; init; }
}

/// <summary>
/// /api/v1/customers/{id}/…: GDPR export (art. 15/20), erasure (art. 17) and consent records (art. 7).
/// Customers an agent may not see answer 404, as everywhere.
/// </summary>
public static class GdprEndpoints
{
    private const string ConfirmRequired = "Required: the customer's current email address, to confirm the erasure.";
    private const string ConfirmMismatch = "Does not match the customer's current email address; nothing was erased.";

    public static RouteGroupBuilder MapGdpr(this RouteGroupBuilder api)
    {
        var gdpr = api.MapResource("/customers/{id:guid}", "GDPR", StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        gdpr.MapGet("/gdpr-export", Export).RequirePermission(Permission.Gdpr).WithName("ExportCustomerPersonalData")
            .WithSummary("Download everything held about the customer as JSON: profile, external ids, orders, timeline, consents, audit entries.")
            .Produces<PersonalDataDocument>(StatusCodes.Status200OK, "application/json");
        gdpr.MapPost("/erase", Erase).RequirePermission(Permission.Gdpr).WithName("EraseCustomer")
            .WithSummary("Erase the customer's personal data everywhere, irreversibly; orders stay for accounting, without the person. confirm = the customer's current email.");
        gdpr.MapGet("/consents", ListConsents).RequirePermission(Permission.CustomersRead).WithName("ListCustomerConsents")
            .WithSummary("The customer's consent history, newest first, and the current answer per purpose.");
        gdpr.MapPost("/consents", RecordConsent).RequirePermission(Permission.CustomersWrite).WithName("RecordCustomerConsent")
            .WithSummary("Record that the customer granted or withdrew consent for a purpose (marketing_email, marketing_sms, profiling).");
        return gdpr;
    }

    /// <summary>A read of personal data: audited ("export") before the answer goes out.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(
        Caller caller, PersonalDataExport export, AuditLog audit, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, Guid id, CancellationToken cancellationToken)
    {
        var workspace = caller.Workspace;
        var document = await export.BuildAsync(workspace, id, cancellationToken);
        if (document is null || !caller.Sees(document.Customer.OwnerId))
        {
            return CustomerEndpoints.NotFound(id);
        }

        await audit.RecordAsync(workspace, caller.Change, "export", "customer", id, new { kind = "gdpr_export" }, cancellationToken);
        var body = JsonSerializer.SerializeToUtf8Bytes(document, json.Value.SerializerOptions);
        return TypedResults.File(body, "application/json", $"customer-{id}-personal-data.json");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Erase(
        Caller caller, IGrainFactory grains, Erasure erasure, Activities.IAttachmentStore files, ILogger<Erasure> logger, Guid id, EraseInput? input, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(input?.Confirm))
        {
            return Problem.Invalid("confirm", ConfirmRequired, ConfirmRequired);
        }

        if (await caller.FindVisibleAsync(grains, id) is null)
        {
            return CustomerEndpoints.NotFound(id);
        }

        var workspace = caller.Workspace;
        var result = await erasure.EraseAsync(workspace, id, input.Confirm, caller.Change, cancellationToken);
        switch (result.Outcome)
        {
            case ErasureOutcome.NotFound:
                return CustomerEndpoints.NotFound(id);
            case ErasureOutcome.ConfirmationMismatch:
                return Problem.Invalid("confirm", ConfirmMismatch, ConfirmMismatch);
        }

        // Committed and irreversible. The grains still hold the old data in memory: the customer's and the orders'
        // read their rows again. A failure here must not turn a done erasure into an error; a stale grain could
        // not write anyway (erasure bumped every version).
        try
        {
            foreach (var key in result.AttachmentKeys ?? [])
            {
                await files.DeleteAsync(key, CancellationToken.None);
            }

            await grains.GetCustomer(workspace, id).ReloadAsync();
            await GrainFanOut.RunAsync(result.OrderIds, async orderId =>
            {
                await grains.GetOrder(workspace, orderId).ReloadAsync();
                return null;
            }, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Customer {CustomerId} was erased, but its files or grains could not all be cleaned up", id);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ConsentOverview>, ProblemHttpResult>> ListConsents(Caller caller, IGrainFactory grains, ConsentStore consents, Guid id, CancellationToken cancellationToken)
    {
        if (await caller.FindVisibleAsync(grains, id) is null)
        {
            return CustomerEndpoints.NotFound(id);
        }

        return TypedResults.Ok(await consents.OverviewAsync(caller.Workspace, id, cancellationToken));
    }

    private static async Task<Results<Created<ConsentRecord>, ProblemHttpResult>> RecordConsent(
        Caller caller, IGrainFactory grains, ConsentStore consents, Guid id, ConsentInput? input, CancellationToken cancellationToken)
    {
        var errors = Validate(input ?? new ConsentInput());
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        if (await caller.FindVisibleAsync(grains, id) is null)
        {
            return CustomerEndpoints.NotFound(id);
        }

        var statement = new ConsentStatement(input!.Purpose!, input.Granted!.Value, input.Source!.Trim(), input.TextVersion!.Trim());
        var record = await consents.RecordAsync(caller.Workspace, id, statement, caller.Change, cancellationToken);
        return record is null
            ? CustomerEndpoints.NotFound(id)
            : TypedResults.Created($"/api/v1/customers/{id}/consents", record);
    }

    private static Dictionary<string, string[]> Validate(ConsentInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.Purpose))
        {
            errors["purpose"] = [$"Required: one of {string.Join(", ", ConsentPurposes.All)}."];
        }
        else if (!ConsentPurposes.IsKnown(input.Purpose))
        {
            errors["purpose"] = [$"Unknown purpose '{input.Purpose}': one of {string.Join(", ", ConsentPurposes.All)}."];
        }

        if (input.Granted is null)
        {
            errors["granted"] = ["Required: true or false."];
        }

        Text(errors, "source", input.Source, ConsentStore.SourceMax);
        Text(errors, "text_version", input.TextVersion, ConsentStore.TextVersionMax);
        return errors;
    }

    private static void Text(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = ["Required."];
        }
        else if (value.Trim().Length > max)
        {
            errors[field] = [$"At most {max} characters."];
        }
    }

}
