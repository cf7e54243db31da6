using System.Net.Http.Json;
using System.Text.Json;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Activities;

/// <summary>
/// A <see cref="WorkspaceTest"/> with the steps activity tests repeat: a customer to attach to, an activity that
/// must be created, and counts of this workspace's rows.
/// </summary>
public abstract class ActivityTest(ApiFixture api, string prefix) : WorkspaceTest(api, prefix)
{
    protected async Task<Guid> CustomerAsync(Guid? owner = null, HttpClient? http = null)
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var response = await (http ?? Http).PostAsJsonAsync("/api/v1/customers",
            new { first_name = "Mia", last_name = "Kowalski", email = $"mia-{tag}@example.com", country_code = "PL", currency = "PLN", owner_id = owner }, ApiNode.Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>POSTs an activity and insists on 201.</summary>
    protected async Task<JsonElement> ActivityAsync(object body, HttpClient? http = null)
    {
        var response = await (http ?? Http).PostAsJsonAsync("/api/v1/activities", body, ApiNode.Json);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    /// <summary>Counts rows of a tenant table in this test's workspace.</summary>
    protected async Task<long> CountAsync(string table)
    {
        var workspace = await Api.Database.CreateWorkspaceAsync(Workspace);
        return await Api.Database.ScalarAsync<long>(workspace, $"select count(*) from {table}");
    }

    protected static IReadOnlyList<Guid> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
}
