using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using SimpleCrm.ApiClient;
using SimpleCrm.ApiClient.Models;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Contract;

/// <summary>
/// The C# client Kiota generates from the committed OpenAPI document (tests/SimpleCrm.ApiClient, no hand edits)
/// works against the real API: this is also the C# example of docs/api.md, step for step.
/// </summary>
public sealed class GeneratedClientTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task An_integrator_signs_in_creates_and_reads_a_customer_and_an_order_and_pages_the_customers()
    {
        // Sign in: the answer is tokens, or an MFA challenge for accounts with MFA.
        using var anonymousHttp = api.Node.Client();
        var signIn = await Client(anonymousHttp).Api.V1.Auth.Login.PostAsync(new LoginRequest { Email = ApiNode.AdminEmail, Password = ApiNode.AdminPassword });
        Assert.Null(signIn!.MfaChallenge?.MfaToken);
        var tokens = signIn.Tokens!;
        Assert.False(string.IsNullOrEmpty(tokens.AccessToken));
        Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));

        // Every later call sends the access token.
        using var http = api.Node.Client();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        var crm = Client(http);
        var me = await crm.Api.V1.Auth.Me.GetAsync();
        Assert.Equal(ApiNode.AdminEmail, me!.Email);

        var run = Guid.NewGuid().ToString("N")[..8];
        var customer = await crm.Api.V1.Customers.PostAsync(new CustomerInput
        {
            FirstName = "Anna", LastName = "Müller", Email = $"anna-{run}@example.de", CountryCode = "DE", Currency = "EUR", Phone = "030 1234567",
        });
        Assert.NotNull(customer!.Id);
        var read = await crm.Api.V1.Customers[customer.Id!.Value].GetAsync();
        Assert.Equal("Müller", read!.LastName);
        Assert.Equal("DE", read.CountryCode);
        Assert.NotNull(read.CreatedAt);

        var order = await crm.Api.V1.Orders.PostAsync(new OrderInput
        {
            CustomerId = customer.Id,
            OrderNumber = $"SO-{run}",
            Currency = "EUR",
            Items = [new OrderItemInput { ProductId = "sku-1", ProductName = "Linen shirt", Quantity = 2, UnitPrice = 49.90 }],
        });
        var readOrder = await crm.Api.V1.Orders[order!.Id!.Value].GetAsync();
        Assert.Equal($"SO-{run}", readOrder!.OrderNumber);
        Assert.Equal(99.80, readOrder.TotalAmount!.Value, 2);
        Assert.Equal(customer.Id, readOrder.CustomerId);
        Assert.Equal("Linen shirt", Assert.Single(readOrder.Items!).ProductName);

        for (var i = 0; i < 2; i++)
        {
            await crm.Api.V1.Customers.PostAsync(new CustomerInput { FirstName = "Page", LastName = $"Row {i}", Email = $"page-{i}-{run}@example.com", CountryCode = "FR", Currency = "EUR" });
        }

        // Cursor paging: follow next_cursor until it is null.
        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            // Without fields= the answer is a CustomerPage (with fields=, a SparsePage of the asked-for fields).
            var page = (await crm.Api.V1.Customers.GetAsync(r =>
            {
                r.QueryParameters.Limit = 2;
                r.QueryParameters.Cursor = cursor;
            }))!.CustomerPage;
            Assert.InRange(page!.Items!.Count, 1, 2);
            seen.AddRange(page.Items.Select(c => c.Id!.Value));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Contains(customer.Id.Value, seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(seen.Count >= 3);
    }

    private CrmClient Client(HttpClient http) =>
        new(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = api.Node.Address.ToString().TrimEnd('/') });
}
