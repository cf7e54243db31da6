using System.Net;
using System.Text;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Problems;

/// <summary>Every kind of bad input gets a 4xx problem naming the field, and nothing is written.</summary>
public sealed class BadInputTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    public static TheoryData<string, string, int, string> Cases => new()
    {
        { "malformed JSON", """{"first_name": "Ana", """, 400, "" },
        { "wrong type", """{"first_name": 42, "last_name": "x", "email": "a@b.co", "country_code": "DE"}""", 400, "first_name" },
        { "unknown enum value", """{"first_name": "A", "last_name": "B", "email": "a@b.co", "country_code": "DE", "status": "gold"}""", 400, "status" },
        { "unknown field", """{"first_name": "A", "last_name": "B", "email": "a@b.co", "country_code": "DE", "shoe_size": 44}""", 400, "shoe_size" },
        { "invalid email", """{"first_name": "A", "last_name": "B", "email": "not-an-email", "country_code": "DE"}""", 400, "email" },
        { "unknown country", """{"first_name": "A", "last_name": "B", "email": "a@b.co", "country_code": "XX"}""", 400, "country_code" },
        { "missing required", """{"last_name": "B", "email": "a@b.co", "country_code": "DE"}""", 400, "first_name" },
        { "invalid phone", """{"first_name": "A", "last_name": "B", "email": "a@b.co", "country_code": "DE", "phone": "12"}""", 400, "phone" },
        { "unknown time zone", """{"first_name": "A", "last_name": "B", "email": "a@b.co", "country_code": "DE", "timezone": "Mars/Olympus"}""", 400, "timezone" },
        { "unknown currency", """{"first_name": "A", "last_name": "B", "email": "a@b.co", "country_code": "DE", "currency": "EUX"}""", 400, "currency" },
        { "custom fields not an object", """{"first_name": "A", "last_name": "B", "email": "a@b.co", "country_code": "DE", "custom_fields": [1]}""", 400, "custom_fields" },
        { "name too long", $$"""{"first_name": "{{new string('a', 101)}}", "last_name": "B", "email": "a@b.co", "country_code": "DE"}""", 400, "first_name" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_a_problem_naming_the_field_and_writes_nothing(string because, string body, int status, string field)
    {
        var before = await CountsAsync();
        var response = await api.Http.PostAsync("/api/v1/customers", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True(status == (int)response.StatusCode, $"{because}: got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        if (field.Length > 0)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"{because}: no error for '{field}' in {problem}");
            Assert.NotEmpty(messages.EnumerateArray());
        }

        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_5_MB_body_is_refused_with_413_and_writes_nothing()
    {
        var before = await CountsAsync();
        var body = $$"""{"first_name": "{{new string('a', 5 * 1024 * 1024)}}"}""";
        // As curl and browsers do for large bodies: the server can refuse before the body is sent.
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        var response = await api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(413, (await response.JsonAsync()).GetProperty("status").GetInt32());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_duplicate_email_in_any_letter_case_is_409_on_the_email_field_and_writes_nothing()
    {
        var first = await api.Http.PostJsonAsync("/api/v1/customers", TestCustomers.Json("Duplicate@Example.com"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var before = await CountsAsync();

        var second = await api.Http.PostJsonAsync("/api/v1/customers", TestCustomers.Json("duplicate@example.COM"));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.True((await second.JsonAsync()).GetProperty("errors").TryGetProperty("email", out _));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Unknown_api_paths_and_ids_are_problem_404s()
    {
        foreach (var path in new[] { "/api/v1/nothing-here", $"/api/v1/customers/{Guid.NewGuid()}" })
        {
            var response = await api.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    private async Task<(long Customers, long Audit, long Outbox)> CountsAsync()
    {
        var workspace = await api.Database.CreateWorkspaceAsync("default");
        return await api.Database.ScalarAsync<(long, long, long)>(workspace,
            "select (select count(*) from customers), (select count(*) from audit_log), (select count(*) from outbox)");
    }
}
