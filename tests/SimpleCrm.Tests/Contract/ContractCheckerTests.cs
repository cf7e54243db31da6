using System.Text.Json.Nodes;
using SimpleCrm.Tests.Infrastructure;
using SimpleCrm.Tests.Infrastructure.Contract;

namespace SimpleCrm.Tests.Contract;

/// <summary>
/// The checker every API test's client runs (<see cref="ContractCheckingHandler"/>): it must refuse answers the
/// document does not describe, or its silence over the suite would prove nothing.
/// </summary>
public sealed class ContractCheckerTests(ApiFixture api) : WorkspaceTest(api, "contract")
{
    [Fact]
    public async Task A_customer_answer_that_breaks_the_served_document_is_refused_naming_operation_status_and_path()
    {
        var served = await ContractCheckingHandler.ContractAsync(Api.Node.Address);
        var customer = await Crm.CreateCustomerAsync("contract@example.com");
        var id = customer.GetProperty("id").GetGuid();
        var body = (await (await Http.GetAsync($"/api/v1/customers/{id}")).Content.ReadAsStringAsync());
        Assert.Empty(served.Check("GET", $"/api/v1/customers/{id}", 200, "application/json", body));

        // The same answer against a document whose Customer schema lost its email property.
        var document = JsonNode.Parse(served.Text)!;
        document["components"]!["schemas"]!["Customer"]!["properties"]!.AsObject().Remove("email");
        var broken = new ApiContract(document.ToJsonString());
        var violation = Assert.Single(broken.Check("GET", $"/api/v1/customers/{id}", 200, "application/json", body));
        Assert.Equal("GET /api/v1/customers/{id}", violation.Operation);
        Assert.Equal(200, violation.Status);
        Assert.Equal("/email", violation.Location);
    }

    [Fact]
    public async Task Undocumented_statuses_bodies_and_media_types_are_violations()
    {
        var served = await ContractCheckingHandler.ContractAsync(Api.Node.Address);
        Assert.Contains("status 418 is not documented", Assert.Single(served.Check("GET", "/api/v1/customers", 418, null, "")).Message, StringComparison.Ordinal);
        Assert.Contains("media type text/html", Assert.Single(served.Check("GET", "/api/v1/customers", 200, "text/html", "<p>hi</p>")).Message, StringComparison.Ordinal);
        Assert.Contains("request_id", Assert.Single(served.Check("GET", "/api/v1/customers", 404, "application/problem+json",
            """{"title":"Not found","status":404,"request_id":7}""")).Location, StringComparison.Ordinal);
        Assert.Empty(served.Check("GET", "/health/live", 200, "text/plain", "Healthy"));
    }

    [Fact]
    public async Task A_violating_answer_fails_the_call_that_received_it()
    {
        // Tokens sent to an endpoint whose document forbids tokens: the handler throws at the call.
        var served = await ContractCheckingHandler.ContractAsync(Api.Node.Address);
        var document = JsonNode.Parse(served.Text)!;
        document["components"]!["schemas"]!["Tokens"]!["properties"]!.AsObject().Remove("access_token");
        var broken = new ApiContract(document.ToJsonString());
        var login = await Api.Node.Anonymous.PostJsonAsync("/api/v1/auth/login", new { email = ApiNode.AdminEmail, password = ApiNode.AdminPassword });
        var answer = await login.Content.ReadAsStringAsync();
        Assert.Empty(served.Check("POST", "/api/v1/auth/login", 200, "application/json", answer));

        using var checkedAgainstBroken = new HttpClient(new ContractCheckingHandler(Api.Node.Address, broken)) { BaseAddress = Api.Node.Address };
        var refused = await Assert.ThrowsAsync<ContractViolationException>(() =>
            checkedAgainstBroken.PostJsonAsync("/api/v1/auth/login", new { email = ApiNode.AdminEmail, password = ApiNode.AdminPassword }));
        Assert.Contains(refused.Violations, v => v.Operation == "POST /api/v1/auth/login" && v.Location == "/access_token");
        Assert.Contains(ContractCheckingHandler.Seen, v => v.Operation == "POST /api/v1/auth/login");
    }
}
