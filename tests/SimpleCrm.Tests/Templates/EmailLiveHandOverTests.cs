using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Data.Email;
using SimpleCrm.Tests.Activities;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Templates;

/// <summary>
/// A sent mail's timeline entry is pushed live to a customer whose grain is in memory (someone has the customer open),
/// and does not wake the grain of a customer nobody has loaded: that timeline reads the mail from SQL when it is opened.
/// </summary>
public sealed class EmailLiveHandOverTests(EmailFixture email) : IClassFixture<EmailFixture>, IAsyncLifetime
{
    private TestUser admin = null!;
    private CrmApiClient Crm => new(admin.Http);

    public async Task InitializeAsync() => admin = await email.Node.UserAsync($"live-{Guid.NewGuid():N}"[..20], "admin");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_sent_mail_reaches_an_open_customer_live_and_leaves_the_grain_of_a_customer_nobody_loaded_asleep()
    {
        var watchedAddress = $"watched-{Guid.NewGuid():N}@example.com";
        var watched = (await Crm.CreateCustomerAsync(new { first_name = "Ada", last_name = "Offen", email = watchedAddress, country_code = "DE", language = "en", timezone = "Europe/Berlin", currency = "EUR" }))
            .GetProperty("id").GetGuid();
        await using var live = await LiveEvents.ConnectAsync(email.Node.Address, admin.AccessToken);
        await live.Connection.InvokeAsync("SubscribeCustomer", watched);
        var watchedMail = await QueueAsync(watched, watchedAddress);
        await live.FirstAsync("TimelineEntry", e => e.GetProperty("entity_id").GetGuid() == watchedMail && e.GetProperty("kind").GetString() == "activity.created",
            TimeSpan.FromSeconds(30));

        // Written straight into the table: no request has loaded this customer's grain.
        var asleepAddress = $"asleep-{Guid.NewGuid():N}@example.com";
        var asleep = Guid.NewGuid();
        await using (var session = await email.Database.Database.BeginAsync(admin.Workspace))
        {
            await session.ExecuteAsync("""
                insert into customers (workspace_id, id, first_name, last_name, email, country_code, timezone, language, currency, status, created_at, updated_at, version)
                values (@workspace, @id, 'Bo', 'Schlaf', @email, 'DE', 'Europe/Berlin', 'en', 'EUR', 'active', now(), now(), 1)
                """, new { workspace = admin.Workspace.Value, id = asleep, email = asleepAddress });
            await session.CommitAsync();
        }

        var asleepMail = await QueueAsync(asleep, asleepAddress);
        await email.Sink.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == asleepAddress));
        await Eventually.TrueAsync(async () => await ActivitiesAsync(asleepMail) == 1, "the sent mail is on the timeline");
        // The sender's hand-over would have run right after the record's commit; give it time to have happened.
        await Task.Delay(500);

        var grains = email.Node.Services.GetRequiredService<IGrainFactory>();
        var active = await grains.GetGrain<IManagementGrain>(0).GetActiveGrains(GrainType.Create("customer"));
        Assert.Contains(grains.GetCustomer(admin.Workspace, watched).GetGrainId(), active);
        Assert.DoesNotContain(grains.GetCustomer(admin.Workspace, asleep).GetGrainId(), active);

        // Opened later, the timeline has the mail all the same.
        var timeline = await admin.Http.GetAsync($"/api/v1/customers/{asleep}/timeline");
        Assert.Equal(HttpStatusCode.OK, timeline.StatusCode);
        var entries = (await timeline.JsonAsync()).GetProperty("items").EnumerateArray();
        Assert.Contains(entries, e => e.GetProperty("entity_id").GetGuid() == asleepMail && e.GetProperty("kind").GetString() == "activity.created");
    }

    private async Task<Guid> QueueAsync(Guid customer, string address)
    {
        var id = Guid.NewGuid();
        await email.Node.Services.GetRequiredService<EmailMessageStore>().QueueAsync(admin.Workspace, new EmailDraft(
            id, customer, null, "en", "transactional", address, "Your order shipped", "<p>Shipped</p>", "Shipped", $"<{id:N}@tests.simplecrm.local>", null, admin.Id));
        return id;
    }

    private async Task<long> ActivitiesAsync(Guid message)
    {
        await using var session = await email.Database.Database.BeginAsync(admin.Workspace);
        return await session.QuerySingleOrDefaultAsync<long>("select count(*) from activities where id = @message", new { message });
    }
}
