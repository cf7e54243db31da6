namespace SimpleCrm.Contracts.Common;

/// <summary>A stateless grain the readiness probe calls to prove the cluster answers.</summary>
[Alias("crm.IPingGrain")]
public interface IPingGrain : IGrainWithIntegerKey
{
    [Alias("ping")]
    Task<string> PingAsync();
}
