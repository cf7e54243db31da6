using SimpleCrm.Silo.Hosting;

namespace SimpleCrm.Tests.Cluster;

/// <summary>A test-only grain that exercises Orleans grain storage and reminders on the project's schema.</summary>
[Alias("tests.IProbeGrain")]
public interface IProbeGrain : IGrainWithStringKey
{
    [Alias("remember")]
    Task RememberAsync(string value);

    [Alias("recall")]
    Task<string?> RecallAsync();

    [Alias("start-reminder")]
    Task StartReminderAsync();

    [Alias("ticks")]
    Task<int> TicksAsync();

    /// <summary>The silo this activation runs on.</summary>
    [Alias("silo")]
    Task<string> SiloAsync();
}

[GenerateSerializer, Alias("tests.ProbeState")]
public sealed class ProbeState
{
    [Id(0)] public string? Value { get; set; }
    [Id(1)] public int ReminderTicks { get; set; }
}

public sealed class ProbeGrain(
    [PersistentState("probe", CrmClusterExtensions.GrainStateStore)] IPersistentState<ProbeState> state, ILocalSiloDetails silo)
    : Grain, IProbeGrain, IRemindable
{
    public async Task RememberAsync(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task<string?> RecallAsync() => Task.FromResult(state.State.Value);

    public Task StartReminderAsync() => this.RegisterOrUpdateReminder("probe", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

    public Task<int> TicksAsync() => Task.FromResult(state.State.ReminderTicks);

    public Task<string> SiloAsync() => Task.FromResult(silo.SiloAddress.ToParsableString());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.ReminderTicks++;
        await state.WriteStateAsync();
    }
}
