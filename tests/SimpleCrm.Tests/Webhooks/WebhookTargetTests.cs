using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Api.Webhooks;
using SimpleCrm.Data.Webhooks;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Webhooks;

/// <summary>With the shipped settings, webhooks cannot be aimed at the CRM's own network: not when subscribing, not when sending.</summary>
public sealed class WebhookTargetTests(ApiFixture api) : WorkspaceTest(api, "hook-targets")
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://192.168.0.10/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://0.0.0.0/hook")]
    [InlineData("http://224.0.0.1/hook")]
    public async Task Internal_targets_are_refused_by_default_with_a_400_naming_url(string url)
    {
        var response = await Http.PostAsync("/api/v1/webhooks",
            new StringContent($"{{\"url\": \"{url}\", \"events\": [\"customer.created\"]}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Contains("internal address", errors.GetProperty("url")[0].GetString());
        Assert.Equal(0, (await Crm.GetAsync("/api/v1/webhooks")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Moving_an_existing_subscription_to_an_internal_target_is_refused()
    {
        var created = await Http.PostJsonAsync("/api/v1/webhooks", new { url = "https://203.0.113.10/hook", events = new[] { "order.created" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var moved = await Http.PatchAsync($"/api/v1/webhooks/{id}", new StringContent("{\"url\": \"http://127.0.0.1/hook\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, moved.StatusCode);
        Assert.True((await moved.JsonAsync()).GetProperty("errors").TryGetProperty("url", out _));
        Assert.Equal("https://203.0.113.10/hook", (await Crm.GetAsync($"/api/v1/webhooks/{id}")).GetProperty("url").GetString());
    }

    /// <summary>
    /// A name can resolve to a public address when saved and to an internal one later: the sender checks the address
    /// it connects to. Stored straight through the store here, as a DNS change would leave it.
    /// </summary>
    [Fact]
    public async Task The_address_is_checked_again_when_sending()
    {
        await using var receiver = await WebhookReceiver.StartAsync(_ => 200);
        var services = Api.Node.Services;
        var subscription = await services.GetRequiredService<WebhookSubscriptionStore>().CreateAsync(Admin.Workspace, receiver.Url.AbsoluteUri,
            ["customer.created"], services.GetRequiredService<WebhookSecrets>().Protect("a-secret-for-the-test"), active: true);
        await Crm.CreateCustomerAsync("inward@example.com");

        System.Text.Json.JsonElement attempt = default;
        await WebhookReceiver.EventuallyAsync(async () =>
        {
            var items = (await Crm.GetAsync($"/api/v1/webhooks/{subscription.Id}/deliveries")).GetProperty("items");
            if (items.GetArrayLength() == 0 || items[0].GetProperty("attempts").GetArrayLength() == 0)
            {
                return false;
            }

            attempt = items[0].GetProperty("attempts")[0];
            return true;
        }, "the first attempt");
        Assert.Contains("internal address", attempt.GetProperty("error").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, attempt.GetProperty("status_code").ValueKind);
        Assert.Equal(0, receiver.Count);
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("203.0.113.10", true)]
    [InlineData("2001:4860:4860::8888", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.16.5.4", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("239.255.255.250", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fc00::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:8.8.8.8", true)]
    public void Only_public_addresses_are_public(string address, bool expected) =>
        Assert.Equal(expected, WebhookTargets.IsPublic(IPAddress.Parse(address)));
}
