using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Grains.Common;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Problems;

/// <summary>Field problems carry stable codes (and their parameters) next to the English messages.</summary>
public sealed class FieldProblemCodeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly CrmApiClient crm = new(api.Http);

    [Fact]
    public async Task A_validation_problem_carries_one_code_per_message_with_parameters()
    {
        var response = await api.Http.PostAsJsonAsync("/api/v1/customers", new
        {
            first_name = new string('a', 101),
            last_name = "",
            email = "not-an-email",
            country_code = "XX",
            phone = "12",
        }, ApiNode.Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(["too_long"], Codes(problem, "first_name"));
        Assert.Equal(100, problem.GetProperty("code_params").GetProperty("first_name").GetProperty("max_length").GetInt32());
        Assert.Equal(["required"], Codes(problem, "last_name"));
        Assert.Equal(["invalid_email"], Codes(problem, "email"));
        Assert.Equal(["unknown_country"], Codes(problem, "country_code"));

        // errors keeps its shape: the same fields, one English message per code.
        foreach (var field in problem.GetProperty("errors").EnumerateObject())
        {
            Assert.Equal(field.Value.GetArrayLength(), problem.GetProperty("codes").GetProperty(field.Name).GetArrayLength());
        }
    }

    [Fact]
    public async Task An_order_amount_with_too_many_decimals_names_the_currency_and_its_decimals()
    {
        var customer = (await crm.CreateCustomerAsync($"codes-{Guid.NewGuid():N}@example.com")).GetProperty("id").GetGuid();

        var response = await crm.PostOrderAsync(customer, $"C-{Guid.NewGuid():N}"[..20], "USD", 10.555m);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(["too_many_decimals"], Codes(problem, "items[0].unit_price"));
        var parameters = problem.GetProperty("code_params").GetProperty("items[0].unit_price");
        Assert.Equal("USD", parameters.GetProperty("currency").GetString());
        Assert.Equal(2, parameters.GetProperty("decimals").GetInt32());
    }

    [Fact]
    public async Task A_duplicate_from_the_grain_is_already_exists_and_unreadable_json_gets_the_generic_code()
    {
        var email = $"dup-{Guid.NewGuid():N}@example.com";
        await crm.CreateCustomerAsync(email);
        var duplicate = await api.Http.PostJsonAsync("/api/v1/customers", TestCustomers.Json(email));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(["already_exists"], Codes(await duplicate.JsonAsync(), "email"));

        var wrongType = await api.Http.PostAsync("/api/v1/customers", new StringContent(
            """{"first_name": 42, "last_name": "x", "email": "a@b.co", "country_code": "DE"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal(["invalid"], Codes(await wrongType.JsonAsync(), "first_name"));
    }

    [Fact]
    public void Codes_survive_the_grain_boundary()
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var errors = FieldErrors.Of("first_name", "Too long.", FieldCodes.TooLong, new Dictionary<string, object> { ["max_length"] = 100 });
        var result = CommandResult<string>.Invalid(errors);

        var copy = serializer.Deserialize<CommandResult<string>>(serializer.SerializeToArray(result));

        Assert.NotNull(copy);
        var error = Assert.Single(Assert.IsType<FieldErrors>(copy.Errors).ErrorsOf("first_name"));
        Assert.Equal(("Too long.", "too_long", 100), (error.Message, error.Code, (int)error.Params!["max_length"]));
        Assert.Equal(["Too long."], copy.Errors["first_name"]);
    }

    private static string[] Codes(JsonElement problem, string field) =>
        problem.GetProperty("codes").GetProperty(field).EnumerateArray().Select(c => c.GetString()!).ToArray();
}
