using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Data.Workspaces;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Grains.Common;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Grains.Customers;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Cluster;

/// <summary>Two silos on the project's own ADO.NET schema (membership, reminders, storage) in a real PostgreSQL.</summary>
public sealed class TwoSiloClusterTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private PostgresCluster cluster = null!;
    private Workspace workspace = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        workspace = await database.CreateWorkspaceAsync("cluster-shop");
        cluster = await PostgresCluster.StartAsync(database, silos: 2);
    }

    public async Task DisposeAsync()
    {
        await cluster.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Both_silos_are_active_members_in_the_membership_table()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var active = await connection.ExecuteScalarAsync<int>(
            "select count(*) from orleansmembershiptable where deploymentid = @id and status = 3", new { id = cluster.ClusterId });
        Assert.Equal(2, active);
    }

    [Fact]
    public async Task Customer_grain_state_and_its_row_agree_after_deactivation_and_reactivation()
    {
        var grain = cluster.Client.GetCustomer(workspace.WorkspaceId, Guid.NewGuid());
        var created = await grain.CreateAsync(TestCustomers.Profile("grain-row@example.com"), ChangeContext.System("test"));
        Assert.True(created.IsOk);
        var updated = await grain.UpdateAsync(created.Value!.Profile with { City = "Lyon", Tags = ["vip", "fr"] }, 1, ChangeContext.System("test"));
        Assert.True(updated.IsOk);

        await cluster.DeactivateAllAsync();
        var reactivated = await grain.GetAsync();

        Assert.NotNull(reactivated);
        Assert.Equal(updated.Value, reactivated, SnapshotComparer.Instance);
        var row = await database.ScalarAsync<(string City, int Version, string Email)>(
            workspace, "select city, version, email from customers where id = @id", new { id = reactivated!.Id });
        Assert.Equal(("Lyon", 2, "grain-row@example.com"), row);
    }

    [Fact]
    public async Task Grains_that_lived_on_a_killed_silo_come_back_with_their_state_on_the_survivor()
    {
        var victim = cluster.Silos[1];
        var victimAddress = SiloAddressOf(victim);
        var survivorAddress = SiloAddressOf(cluster.Silos[0]);
        var management = cluster.Client.GetGrain<IManagementGrain>(0);

        // Create customers and probes (Orleans grain storage) until enough of each are active on the silo to be killed.
        var customers = new List<(ICustomerGrain Grain, CustomerSnapshot Before)>();
        for (var i = 0; customers.Count < 4 && i < 200; i++)
        {
            var grain = cluster.Client.GetCustomer(workspace.WorkspaceId, Guid.NewGuid());
            var created = await grain.CreateAsync(TestCustomers.Profile($"spread-{i}@example.com"), ChangeContext.System("test"));
            Assert.True(created.IsOk);
            if (await management.GetActivationAddress(grain) == victimAddress)
            {
                customers.Add((grain, created.Value!));
            }
        }

        var probes = new List<(IProbeGrain Grain, string Value)>();
        for (var i = 0; probes.Count < 4 && i < 200; i++)
        {
            var probe = cluster.Client.GetGrain<IProbeGrain>($"probe-{Guid.NewGuid():N}");
            var value = $"kept-{i}";
            await probe.RememberAsync(value);
            if (await probe.SiloAsync() == victimAddress.ToParsableString())
            {
                probes.Add((probe, value));
            }
        }

        Assert.True(customers.Count == 4, $"only {customers.Count} customer grains were placed on the silo to be killed");
        Assert.True(probes.Count == 4, $"only {probes.Count} probe grains were placed on the silo to be killed");
        await cluster.KillSiloAsync(victim);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        var missingCustomers = customers.ToList();
        var missingProbes = probes.ToList();
        while ((missingCustomers.Count > 0 || missingProbes.Count > 0) && DateTime.UtcNow < deadline)
        {
            foreach (var customer in missingCustomers.ToList())
            {
                if (await SurvivesAsync(() => customer.Grain.GetAsync()) is { } after)
                {
                    Assert.Equal(customer.Before, after, SnapshotComparer.Instance);
                    Assert.Equal(survivorAddress, await management.GetActivationAddress(customer.Grain));
                    missingCustomers.Remove(customer);
                }
            }

            foreach (var probe in missingProbes.ToList())
            {
                if (await SurvivesAsync(() => probe.Grain.RecallAsync()) is { } value)
                {
                    Assert.Equal(probe.Value, value);
                    Assert.Equal(survivorAddress.ToParsableString(), await probe.Grain.SiloAsync());
                    missingProbes.Remove(probe);
                }
            }
        }

        Assert.Empty(missingCustomers);
        Assert.Empty(missingProbes);
    }

    /// <summary>The answer, or null while the survivor has not yet declared the dead silo (its grains move once it does).</summary>
    private static async Task<T?> SurvivesAsync<T>(Func<Task<T?>> call)
        where T : class
    {
        try
        {
            return await call().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
        {
            return null;
        }
    }

    private static SiloAddress SiloAddressOf(Microsoft.Extensions.Hosting.IHost silo) =>
        silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    [Fact]
    public async Task Grain_storage_and_reminders_run_on_the_project_schema()
    {
        var probe = cluster.Client.GetGrain<IProbeGrain>($"probe-{Guid.NewGuid():N}");
        await probe.RememberAsync("kept in orleansstorage");
        await probe.StartReminderAsync();
        await cluster.DeactivateAllAsync();

        Assert.Equal("kept in orleansstorage", await probe.RecallAsync());
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
            "select count(*) from orleansreminderstable where grainid like '%' || @key", new { key = probe.GetPrimaryKeyString() }));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await probe.TicksAsync() == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.True(await probe.TicksAsync() >= 1, "the reminder never fired");
    }
}
