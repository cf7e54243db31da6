using System.Text.Json.Nodes;
using SimpleCrm.Tests.Infrastructure;
using SimpleCrm.Tests.Infrastructure.Contract;

namespace SimpleCrm.Tests.Contract;

/// <summary>What the served OpenAPI document must say beyond the shapes the contract checker validates answers against.</summary>
public sealed class OpenApiDocumentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<JsonObject> DocumentAsync() => JsonNode.Parse((await ContractCheckingHandler.ContractAsync(api.Node.Address)).Text)!.AsObject();

    [Fact]
    public async Task Sign_in_operations_need_no_credentials_and_every_other_operation_takes_a_token_or_an_api_key()
    {
        var document = await DocumentAsync();
        Assert.Null(document["security"]);
        foreach (var path in new[] { "/api/v1/auth/login", "/api/v1/auth/mfa", "/api/v1/auth/refresh", "/api/v1/auth/signup", "/api/v1/auth/invitations/accept" })
        {
            Assert.True(document["paths"]![path]!["post"]!["security"] is null, $"{path} declares security");
        }

        var customers = document["paths"]!["/api/v1/customers"]!["get"]!["security"]!.AsArray().Select(r => r!.AsObject().Single().Key).ToList();
        Assert.Equal(["bearer", "api_key"], customers);
    }

    [Fact]
    public async Task Sign_in_answers_tokens_or_an_mfa_challenge()
    {
        var document = await DocumentAsync();
        foreach (var path in new[] { "/api/v1/auth/login", "/api/v1/auth/invitations/accept" })
        {
            var alternatives = document["paths"]![path]!["post"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["anyOf"]!.AsArray()
                .Select(s => s!["$ref"]!.GetValue<string>()).ToList();
            Assert.Equal(["#/components/schemas/Tokens", "#/components/schemas/MfaChallenge"], alternatives);
        }
    }

    [Fact]
    public async Task Query_parameters_the_handlers_need_or_read_are_declared()
    {
        var paths = (await DocumentAsync())["paths"]!;
        var convert = paths["/api/v1/fx/convert"]!["get"]!["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["required"]?.GetValue<bool>() ?? false);
        Assert.True(convert["amount"] && convert["currency"] && !convert["date"]);
        var audit = paths["/api/v1/audit"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["entity_type", "entity_id", "user_id", "action", "from", "to", "limit", "cursor"], audit);
    }

    [Fact]
    public async Task Patch_bodies_leave_every_field_optional()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;
        var patches = document["paths"]!.AsObject().Where(p => p.Value!["patch"] is not null).ToList();
        Assert.NotEmpty(patches);
        foreach (var (path, item) in patches)
        {
            var schema = item!["patch"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
            var resolved = schema["$ref"] is { } reference ? schemas[reference.GetValue<string>().Split('/')[^1]]! : schema;
            Assert.True(resolved["required"] is null or JsonArray { Count: 0 }, $"PATCH {path} requires {resolved["required"]?.ToJsonString()}: PATCH changes only the fields it is sent");
        }
    }

    [Fact]
    public async Task A_nullable_reference_is_the_value_or_null_never_a_oneOf_that_null_matches_twice()
    {
        var activity = (await DocumentAsync())["components"]!["schemas"]!["Activity"]!["properties"]!;
        foreach (var property in new[] { "direction", "status" })
        {
            Assert.Null(activity[property]!["oneOf"]);
            Assert.Equal("null", activity[property]!["anyOf"]![1]!["type"]!.GetValue<string>());
        }
    }
}
