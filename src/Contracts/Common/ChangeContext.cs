namespace SimpleCrm.Contracts.Common;

/// <summary>Who asked for a change and from where; written to the audit row of that change.</summary>
/// <param name="IdempotencyKey">
/// The request's Idempotency-Key, when it sent one: the change journal marks the key's record with the changed
/// entity in the change's own transaction, so a retry knows the change committed even if the answer was lost.
/// </param>
[GenerateSerializer, Immutable, Alias("crm.ChangeContext")]
public sealed record ChangeContext(
    [property: Id(0)] string Actor,
    [property: Id(1)] string? RequestId,
    [property: Id(2)] string? RemoteAddress,
    [property: Id(3)] IdempotencyKeyClaim? IdempotencyKey = null)
{
    public static ChangeContext System(string reason) => new($"system:{reason}", null, null);
}

/// <summary>The key a request claimed, the hash of that request (method, path, body), and the claim's own id.</summary>
/// <param name="ClaimId">
/// Which request holds the key: the change journal marks the key only while this claim holds it, so a change that
/// outlives a released or taken-over claim rolls back.
/// </param>
[GenerateSerializer, Immutable, Alias("crm.IdempotencyKeyClaim")]
public sealed record IdempotencyKeyClaim(
    [property: Id(0)] string Key,
    [property: Id(1)] string RequestHash,
    [property: Id(2)] Guid ClaimId);
