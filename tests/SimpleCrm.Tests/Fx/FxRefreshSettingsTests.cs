using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using SimpleCrm.Api.Fx;

namespace SimpleCrm.Tests.Fx;

public sealed class FxRefreshSettingsTests
{
    [Theory]
    [InlineData(null, null, null, 6.0)]
    [InlineData("https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml", "12", "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml", 12.0)]
    [InlineData("ftp://example.com/rates.xml", "0.5", null, 0.5)]
    [InlineData("not a url", "-1", null, 6.0)]
    [InlineData("", "six", null, 6.0)]
    [InlineData(null, "100000", null, 6.0)]
    public void Settings_fall_back_to_safe_defaults(string? url, string? hours, string? expectedUrl, double expectedHours)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Crm:Fx:RefreshUrl"] = url, ["Crm:Fx:RefreshHours"] = hours })
            .Build();

        var settings = FxRefreshSettings.From(configuration, NullLogger.Instance);

        Assert.Equal(expectedUrl, settings.Url?.ToString());
        Assert.Equal(TimeSpan.FromHours(expectedHours), settings.Period);
    }
}
