using System.Net;
using System.Text.Json;
using SimpleCrm.Data.Fx;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Fx;

/// <summary>/api/v1/fx on the full API, over rates the tests load themselves in place of the shipped snapshot.</summary>
public sealed class FxEndpointsTests(ApiFixture api) : IClassFixture<ApiFixture>, IAsyncLifetime
{
    private readonly HttpClient http = api.Http;

    public async Task InitializeAsync()
    {
        await using (var connection = await api.Database.DataSource.OpenConnectionAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "delete from fx_rates");
        }

        await new FxRates(api.Database.Database, new FxQuoteCache()).UpsertAsync(EcbReferenceRates.Parse(EcbXml.Of(
            ("2026-11-20", "USD 1.25 JPY 250 KWD 0.35"),
            ("2026-11-19", "USD 1.1605 JPY 180.95"))), "test");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Rates_on_a_weekend_are_fridays_marked_as_fallback()
    {
        var response = await http.GetAsync("/api/v1/fx/rates?date=2026-11-22");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("2026-11-22", body.GetProperty("date").GetString());
        var rates = body.GetProperty("rates").EnumerateArray().ToList();
        Assert.Equal(["JPY", "KWD", "USD"], rates.Select(r => r.GetProperty("currency").GetString()));
        var usd = rates.Single(r => r.GetProperty("currency").GetString() == "USD");
        Assert.Equal("2026-11-20", usd.GetProperty("rate_date").GetString());
        Assert.Equal(1.25m, usd.GetProperty("units_per_eur").GetDecimal());
        Assert.True(usd.GetProperty("is_fallback").GetBoolean());
    }

    [Fact]
    public async Task Convert_answers_the_usd_amount_and_the_rate_used()
    {
        var response = await http.GetAsync("/api/v1/fx/convert?amount=1357&currency=jpy&date=2026-11-20");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(1357m, body.GetProperty("amount").GetDecimal());
        Assert.Equal("JPY", body.GetProperty("currency").GetString());
        Assert.Equal("2026-11-20", body.GetProperty("date").GetString());
        Assert.Equal(6.79m, body.GetProperty("amount_usd").GetDecimal());
        Assert.Equal("2026-11-20", body.GetProperty("rate_date").GetString());
        Assert.False(body.GetProperty("is_fallback").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("note").ValueKind);
    }

    [Fact]
    public async Task Convert_on_a_weekend_notes_the_date_used()
    {
        var body = await (await http.GetAsync("/api/v1/fx/convert?amount=1.235&currency=KWD&date=2026-11-21")).JsonAsync();

        Assert.Equal(4.41m, body.GetProperty("amount_usd").GetDecimal()); // 1.235 × 1.25 ÷ 0.35 = 4.4107…
        Assert.Equal("2026-11-20", body.GetProperty("rate_date").GetString());
        Assert.True(body.GetProperty("is_fallback").GetBoolean());
        Assert.Equal("No KWD or USD rate for 2026-11-21; used 2026-11-20.", body.GetProperty("note").GetString());
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "/api/v1/fx/rates?date=2026-13-01", "date" },
        { "/api/v1/fx/rates?date=20.11.2026", "date" },
        { "/api/v1/fx/rates?date=2026-01-01", "date" },
        { "/api/v1/fx/convert?amount=10&currency=XXY&date=2026-11-20", "currency" },
        { "/api/v1/fx/convert?amount=10&date=2026-11-20", "currency" },
        { "/api/v1/fx/convert?amount=ten&currency=USD&date=2026-11-20", "amount" },
        { "/api/v1/fx/convert?amount=1,5&currency=USD&date=2026-11-20", "amount" },
        { "/api/v1/fx/convert?amount=1e3&currency=USD&date=2026-11-20", "amount" },
        { "/api/v1/fx/convert?amount=99999999999999999999&currency=USD&date=2026-11-20", "amount" },
        { "/api/v1/fx/convert?currency=USD&date=2026-11-20", "amount" },
        { "/api/v1/fx/convert?amount=10.5&currency=JPY&date=2026-11-20", "amount" },
        { "/api/v1/fx/convert?amount=1.2345&currency=KWD&date=2026-11-20", "amount" },
        { "/api/v1/fx/convert?amount=10&currency=USD&date=tomorrow", "date" },
        { "/api/v1/fx/convert?amount=10&currency=JPY&date=2026-01-01", "date" },
        { "/api/v1/fx/convert?amount=10&currency=CHF&date=2026-11-20", "date" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task Bad_input_is_a_400_problem_naming_the_parameter(string url, string parameter)
    {
        var response = await http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(parameter, out var messages), $"{url}: no error for '{parameter}' in {errors}");
        Assert.NotEmpty(messages.EnumerateArray());
    }
}
