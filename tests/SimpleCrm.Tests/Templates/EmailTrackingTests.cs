using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using MimeKit;
using SimpleCrm.Tests.Activities;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Templates;

/// <summary>Open and click tracking of sent mail: the pixel and the signed links mark the email activity, live on the timeline; a changed link is refused.</summary>
public sealed partial class EmailTrackingTests(EmailFixture email) : IClassFixture<EmailFixture>, IAsyncLifetime
{
    private const string Target = "https://shop.example.com/sale?utm_source=mail&x=1";
    private TestUser admin = null!;
    private HttpClient Http => admin.Http;
    private CrmApiClient Crm => new(admin.Http);

    public async Task InitializeAsync() => admin = await email.Node.UserAsync($"track-{Guid.NewGuid():N}"[..20], "admin");

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A client that shows redirects instead of following them.</summary>
    private HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = email.Node.Address };

    private async Task<(Guid Customer, Guid Message, MimeMessage Mail)> SendTrackedMailAsync()
    {
        var address = $"track-{Guid.NewGuid():N}@example.com";
        var customer = (await Crm.CreateCustomerAsync(new { first_name = "Ada", last_name = "Leser", email = address, country_code = "DE", language = "en", timezone = "Europe/Berlin", currency = "EUR" }))
            .GetProperty("id").GetGuid();
        var template = (await (await Http.PostJsonAsync("/api/v1/templates", new
        {
            name = $"Sale {Guid.NewGuid():N}", kind = "email", default_language = "en",
            variants = new[] { new { language = "en", subject = "Sale", body_html = "<html><body><p>Hi</p><a href=\"https://shop.example.com/sale?utm_source=mail&amp;x=1\">Shop now</a> <a href=\"mailto:help@example.com\">Help</a></body></html>", body_text = "Hi" } },
        })).JsonAsync()).GetProperty("id").GetGuid();
        var response = await Http.PostJsonAsync($"/api/v1/customers/{customer}/emails", new { template_id = template, purpose = "transactional" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = (await response.JsonAsync()).GetProperty("id").GetGuid();
        var mail = await email.Sink.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == address));
        await EventuallyAsync(async () => (await Http.GetAsync($"/api/v1/activities/{message}")).StatusCode == HttpStatusCode.OK);
        return (customer, message, mail);
    }

    private async Task<JsonElement> MetadataAsync(Guid activity) =>
        (await Crm.GetAsync($"/api/v1/activities/{activity}")).GetProperty("email_metadata");

    [Fact]
    public async Task Opening_the_pixel_marks_the_email_opened_live_on_the_timeline_and_the_first_open_keeps_its_time()
    {
        var (customer, message, mail) = await SendTrackedMailAsync();
        var pixel = PixelSource().Match(mail.HtmlBody!);
        Assert.True(pixel.Success, mail.HtmlBody);
        Assert.False((await MetadataAsync(message)).TryGetProperty("opened", out var before) && before.ValueKind == JsonValueKind.True);

        await using var live = await LiveEvents.ConnectAsync(email.Node.Address, admin.AccessToken);
        await live.Connection.InvokeAsync("SubscribeCustomer", customer);
        using var browser = Browser();
        var opened = await browser.GetAsync(new Uri(pixel.Groups["url"].Value).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal("image/gif", opened.Content.Headers.ContentType?.MediaType);

        await live.FirstAsync("TimelineEntry", e => e.GetProperty("entity_id").GetGuid() == message && e.GetProperty("kind").GetString() == "activity.updated");
        var metadata = await MetadataAsync(message);
        Assert.True(metadata.GetProperty("opened").GetBoolean());
        var firstOpen = metadata.GetProperty("opened_at").GetDateTimeOffset();
        Assert.True(metadata.GetProperty("clicked").ValueKind is JsonValueKind.Null or JsonValueKind.False || !metadata.TryGetProperty("clicked", out _));

        await Task.Delay(50);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri(pixel.Groups["url"].Value).PathAndQuery)).StatusCode);
        Assert.Equal(firstOpen, (await MetadataAsync(message)).GetProperty("opened_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_tracked_link_redirects_to_its_target_and_marks_the_email_clicked_and_a_changed_link_is_refused()
    {
        var (_, message, mail) = await SendTrackedMailAsync();
        var links = LinkHref().Matches(mail.HtmlBody!).Select(m => WebUtility.HtmlDecode(m.Groups["url"].Value)).ToList();
        Assert.Contains("mailto:help@example.com", links);
        Assert.DoesNotContain(links, l => l.StartsWith("https://shop.example.com", StringComparison.Ordinal));
        var tracked = new Uri(Assert.Single(links, l => l.Contains("/t/c/", StringComparison.Ordinal)));

        using var browser = Browser();
        // A changed token (the target is inside it, so a changed target too) is refused, never redirected.
        var path = tracked.AbsolutePath;
        foreach (var forged in new[] { path[..^3] + (path[^3] == 'A' ? "B" : "A") + path[^2..], path + "x", "/t/c/" + Convert.ToBase64String("https://evil.example.com"u8.ToArray()) })
        {
            var refused = await browser.GetAsync(forged);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Null(refused.Headers.Location);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        Assert.False((await MetadataAsync(message)).TryGetProperty("clicked", out var notYet) && notYet.ValueKind == JsonValueKind.True);

        var click = await browser.GetAsync(tracked.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, click.StatusCode);
        Assert.Equal(Target, click.Headers.Location!.AbsoluteUri);
        var metadata = await MetadataAsync(message);
        Assert.True(metadata.GetProperty("clicked").GetBoolean());
        Assert.True(metadata.GetProperty("opened").GetBoolean());
        Assert.Equal(JsonValueKind.String, metadata.GetProperty("opened_at").ValueKind);
    }

    private static Task EventuallyAsync(Func<Task<bool>> condition) => Eventually.TrueAsync(condition, "the mail is processed");

    [GeneratedRegex("<img src=\"(?<url>[^\"]+/t/o/[^\"]+)\" width=\"1\" height=\"1\"")]
    private static partial Regex PixelSource();

    [GeneratedRegex("<a href=\"(?<url>[^\"]*)\"")]
    private static partial Regex LinkHref();
}
