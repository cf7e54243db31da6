using SimpleCrm.Api.Access;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Domain.Reference;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Api.Reference;

/// <summary>The code lists the server validates against, so forms offer exactly what will be accepted.</summary>
public sealed record ReferenceData(
    IReadOnlyList<string> Countries,
    IReadOnlyList<string> Currencies,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Timezones,
    IReadOnlyList<CustomerStatus> Statuses);

public static class ReferenceEndpoints
{
    private static readonly ReferenceData Data = new(
        Countries.All, Currencies.All, Languages.All, TimeZones.All, Enum.GetValues<CustomerStatus>());

    public static RouteGroupBuilder MapReference(this RouteGroupBuilder api)
    {
        var reference = api.MapResource("/reference", "Reference");
        reference.MapGet("", () => TypedResults.Ok(Data)).RequireSignIn(allowedBeforeMfaSetup: true).WithName("GetReferenceData")
            .WithSummary("Country, currency, language, time zone and status codes the API accepts.");
        return reference;
    }
}
