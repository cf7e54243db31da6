using Orleans.Concurrency;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Grains.Common;

namespace SimpleCrm.Grains.Common;

[StatelessWorker]
public sealed class PingGrain : Grain, IPingGrain
{
    public Task<string> PingAsync() => Task.FromResult(RuntimeIdentity);
}
