using SimpleCrm.Api.Access;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Customers;
using SimpleCrm.Api.Problems;
using SimpleCrm.Data.Orders;
using SimpleCrm.Domain.Reference;
using SimpleCrm.Contracts.Orders;

namespace SimpleCrm.Api.Fx;

/// <summary>The body of POST /fx/restate.</summary>
public sealed record RestateInput
{
    [Required] public DateOnly? From { get; init; }
    [Required] public DateOnly? To { get; init; }

    [Description("Only orders in this currency; all currencies when absent.")]
    public string? Currency { get; init; }
}

public sealed record RestateResult(int Orders, int Restated, IReadOnlyList<BulkFailure> Failures);

/// <summary>
/// Restating history at new rates is an explicit admin action, never a silent change: each order of the
/// range recomputes its USD amounts in its own grain (audited, on the customer's timeline), and the
/// customers' metrics follow.
/// </summary>
public static class FxRestateEndpoint
{
    public const int MaxOrders = 50_000;

    public static RouteGroupBuilder MapFxRestate(this RouteGroupBuilder api)
    {
        api.MapPost("/fx/restate", Restate).RequirePermission(Permission.SettingsFx).WithTags("FX").WithName("RestateOrdersUsd").ProducesValidationProblem()
            .WithSummary("Recompute total_amount_usd of the orders placed in [from, to] at the rates now stored (admin action).");
        return api;
    }

    private static async Task<Results<Ok<RestateResult>, ProblemHttpResult>> Restate(
        Caller caller, IGrainFactory grains, OrderQueries queries, RestateInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.From is null || input.To is null || input.From > input.To)
        {
            errors["from"] = ["Give from ≤ to (YYYY-MM-DD)."];
        }

        var currency = input.Currency?.Trim().ToUpperInvariant();
        if (currency is not null && !Currencies.IsKnown(currency))
        {
            errors["currency"] = [$"'{currency}' is not an ISO 4217 currency code."];
        }

        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var workspace = caller.Workspace;
        var ids = await queries.IdsAsync(workspace, input.From!.Value, input.To!.Value, currency, MaxOrders + 1, cancellationToken);
        if (ids.Count > MaxOrders)
        {
            return CommandResultHttp.FieldProblem(400, "Range too large", $"More than {MaxOrders} orders; restate a shorter range.",
                new Dictionary<string, string[]> { ["to"] = [$"More than {MaxOrders} orders in the range."] });
        }

        var context = caller.Change;
        var restated = 0;
        var failures = await GrainFanOut.RunAsync(ids, async id =>
        {
            var grain = grains.GetOrder(workspace, id);
            var before = await grain.GetAsync();
            var result = await grain.RestateUsdAsync(context);
            if (result.IsOk && result.Value!.Version != before?.Version)
            {
                Interlocked.Increment(ref restated);
            }

            return GrainFanOut.Refusal(result);
        });
        return TypedResults.Ok(new RestateResult(ids.Count, restated, failures));
    }
}
