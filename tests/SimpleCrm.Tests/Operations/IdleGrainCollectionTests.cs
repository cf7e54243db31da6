using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using SimpleCrm.Api.Operations;
using SimpleCrm.Grains.Customers;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Operations;

/// <summary>
/// Memory is bounded by what was used recently: a customer grain nobody calls for Crm:Cluster:IdleGrainMinutes is
/// deactivated, and the next read activates it again from its row.
/// </summary>
public sealed class IdleGrainCollectionTests(IdleGrainCollectionTests.ShortIdleAge api) : IClassFixture<IdleGrainCollectionTests.ShortIdleAge>
{
    private static readonly TimeSpan IdleAge = TimeSpan.FromSeconds(3);

    /// <summary>An idle age of three seconds (Orleans sweeps at half of it), so the test need not wait minutes.</summary>
    public sealed class ShortIdleAge() : ApiFixture(new Dictionary<string, string?>
    {
        ["Crm:Cluster:IdleGrainMinutes"] = IdleAge.TotalMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    [Fact]
    public async Task An_idle_customer_grain_is_deactivated_after_the_configured_age_and_comes_back_with_its_state()
    {
        var created = await new CrmApiClient(api.Http).CreateCustomerAsync($"idle-{Guid.NewGuid():N}@example.com", first: "Ida", last: "Idle");
        var id = created.GetProperty("id").GetGuid();
        var before = await ReadAsync(id);
        var lastCall = Stopwatch.StartNew();
        Assert.Equal(1, await CustomerActivationsAsync());

        await Eventually.TrueAsync(async () => await CustomerActivationsAsync() == 0, "the idle customer grain is deactivated", TimeSpan.FromSeconds(30));
        Assert.True(lastCall.Elapsed >= IdleAge * 0.9, $"Deactivated after {lastCall.Elapsed.TotalSeconds:F1} s, before the idle age of {IdleAge.TotalSeconds} s.");

        var after = await ReadAsync(id);
        Assert.Equal(1, await CustomerActivationsAsync());
        foreach (var field in new[] { "email", "first_name", "last_name", "version", "updated_at" })
        {
            Assert.Equal(before.GetProperty(field).ToString(), after.GetProperty(field).ToString());
        }
    }

    private async Task<JsonElement> ReadAsync(Guid id)
    {
        var response = await api.Http.GetAsync($"/api/v1/customers/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private async Task<int> CustomerActivationsAsync()
    {
        var statistics = await api.Node.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => GrainActivations.IsCustomerGrain(s.GrainType)).Sum(s => s.ActivationCount);
    }
}

/// <summary>
/// The operator's memory check forces a collection and reports the heap and the activations. On a node with the
/// default idle age, so the customer grain read just before is still active however long the collection takes.
/// </summary>
public sealed class MemoryCheckTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_memory_check_collects_and_reports_heap_and_activations_to_the_operator_only()
    {
        var created = await new CrmApiClient(api.Http).CreateCustomerAsync($"heap-{Guid.NewGuid():N}@example.com");
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync($"/api/v1/customers/{created.GetProperty("id").GetGuid()}")).StatusCode);

        using var operatorClient = GrainActivations.Raw(api, api.Http.DefaultRequestHeaders.Authorization!.Parameter);
        var answer = await operatorClient.PostAsync(MemoryCheck.Path, null);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var figures = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.True(figures.GetProperty("heap_bytes").GetInt64() > 1_000_000);
        Assert.True(figures.GetProperty("working_set_bytes").GetInt64() >= figures.GetProperty("heap_bytes").GetInt64());
        Assert.Contains(figures.GetProperty("activations").EnumerateObject(), a => GrainActivations.IsCustomerGrain(a.Name) && a.Value.GetInt32() >= 1);

        using var anonymous = GrainActivations.Raw(api, null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(MemoryCheck.Path, null)).StatusCode);
        var manager = await api.Node.UserAsync("default", "manager");
        using var managerClient = GrainActivations.Raw(api, manager.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await managerClient.PostAsync(MemoryCheck.Path, null)).StatusCode);
    }
}

internal static class GrainActivations
{
    /// <summary>Orleans names a grain type by its class, with or without the assembly after a comma.</summary>
    public static bool IsCustomerGrain(string grainType) =>
        grainType == typeof(CustomerGrain).FullName || grainType.StartsWith(typeof(CustomerGrain).FullName + ",", StringComparison.Ordinal);

    /// <summary>A plain client: the operator endpoints are outside the OpenAPI document the contract-checking client knows.</summary>
    public static HttpClient Raw(ApiFixture api, string? token)
    {
        var http = new HttpClient { BaseAddress = api.Node.Address };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }
}
