using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Problems;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Idempotency;

namespace SimpleCrm.Api.Idempotency;

/// <summary>
/// Idempotency-Key on POSTs under /api/v1 (after access control: the key is scoped to the caller). The first
/// request claims the key and runs with it in its <see cref="ChangeContext"/>, so the change journal marks the
/// key with the changed entity in the change's own transaction; its 2xx answer is then stored. A retry gets the
/// stored answer again, or, when the change committed but the answer was lost, the created entity as it is
/// now; a key in use by a running request is 409, a key reused for a different request 422. Any other ending (a
/// 4xx, a 503, an exception) frees the key at once, so a retry runs: a change of the failed request still under
/// way can no longer mark the key and rolls back (see ChangeJournal). While the request runs, its node renews the
/// claim's lease (<see cref="IdempotencyLeases"/>); if the node dies, the claim lapses after one lease.
/// </summary>
public sealed class IdempotentRetries(
    RequestDelegate next, IdempotencyStore store, IdempotencyLeases leases, IOptionsMonitor<IdempotencyOptions> options, IOptions<JsonOptions> json,
    ILogger<IdempotentRetries> logger)
{
    /// <summary>Answers longer than this are not stored; a retry gets the entity's representation instead.</summary>
    private const int MaxStoredAnswerBytes = 256 * 1024;

    /// <summary>Response headers a replay repeats; the rest (request id, date) belong to each answer.</summary>
    private static readonly string[] ReplayedHeaders = ["Location", "Content-Type", "ETag", "Content-Disposition"];

    public async Task InvokeAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Path.StartsWithSegments("/api/v1")
            || http.CallerOrNull() is not { } caller || !http.Request.Headers.TryGetValue(IdempotentRequest.Header, out var values))
        {
            await next(http);
            return;
        }

        if (values.Count != 1 || !IdempotentRequest.IsValidKey(values[0]))
        {
            await Problem.Invalid(IdempotentRequest.Header, $"Send one key of 1 to {IdempotentRequest.MaxKeyLength} visible ASCII characters.").ExecuteAsync(http);
            return;
        }

        var settings = options.CurrentValue;
        var claim = new IdempotencyKeyClaim(values[0]!, await IdempotentRequest.HashAsync(http.Request, http.RequestAborted), Guid.NewGuid());
        var found = await store.ClaimAsync(caller.Workspace, caller.Actor, claim, settings.InFlight, settings.Retention, http.RequestAborted);
        if (!found.Claimed)
        {
            await AnswerRetryAsync(http, caller, claim, found.Existing);
            return;
        }

        http.Items[typeof(Caller)] = caller with { IdempotencyKey = claim };
        await RunFirstAsync(http, caller, claim);
    }

    private async Task RunFirstAsync(HttpContext http, Caller caller, IdempotencyKeyClaim claim)
    {
        var held = new HeldClaim(caller.Actor, claim.Key, claim.ClaimId);
        leases.Hold(caller.Workspace, held);
        var answered = false;
        try
        {
            var response = http.Response.Body;
            var capture = new CapturingStream(response, MaxStoredAnswerBytes);
            http.Response.Body = capture;
            try
            {
                await next(http);
            }
            finally
            {
                http.Response.Body = response;
            }

            var status = http.Response.StatusCode;
            answered = status is >= 200 and < 300;
            if (answered && !capture.Overflowed)
            {
                var headers = ReplayedHeaders.Where(h => http.Response.Headers.ContainsKey(h)).ToDictionary(h => h, h => http.Response.Headers[h].ToString());
                try
                {
                    await store.StoreAnswerAsync(caller.Workspace, caller.Actor, claim.Key, status, JsonSerializer.Serialize(headers), capture.Captured, CancellationToken.None);
                }
                catch (Exception e)
                {
                    // The change (if any) is marked on the key already: a retry gets the entity's representation.
                    logger.LogWarning(e, "The answer for an Idempotency-Key could not be stored");
                }
            }
        }
        finally
        {
            leases.Drop(caller.Workspace, held);
            if (!answered)
            {
                // Refused, failed (503) or thrown: nothing to replay, so a retry may run at once. Whatever of this
                // request is still under way finds its claim gone and rolls back rather than run beside the retry.
                await ReleaseAsync(caller, claim);
            }
        }
    }

    private async Task ReleaseAsync(Caller caller, IdempotencyKeyClaim claim)
    {
        try
        {
            await store.ReleaseAsync(caller.Workspace, caller.Actor, claim.Key, claim.ClaimId, CancellationToken.None);
        }
        catch (Exception e)
        {
            // Not renewed any more: the claim lapses after its lease, and then a retry may run.
            logger.LogWarning(e, "An Idempotency-Key could not be released");
        }
    }

    private async Task AnswerRetryAsync(HttpContext http, Caller caller, IdempotencyKeyClaim claim, IdempotencyRecord? existing)
    {
        if (existing is null)
        {
            // Released between our claim and our read: the first request failed just now.
            await InFlightAsync(http, 1);
            return;
        }

        if (existing.RequestHash != claim.RequestHash)
        {
            await TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Idempotency-Key reused",
                detail: $"This {IdempotentRequest.Header} was used for a different request (method, path or body); send a new key for a new request.")
                .ExecuteAsync(http);
            return;
        }

        if (existing.Answered)
        {
            await ReplayAsync(http, existing.ResponseStatus!.Value, existing.ResponseHeaders, existing.ResponseBody ?? []);
            return;
        }

        if (existing.Committed)
        {
            await RepresentAsync(http, caller, claim.Key, existing);
            return;
        }

        await InFlightAsync(http, existing.RetryAfterSeconds);
    }

    /// <summary>The change committed but its answer never got stored: answer as the first request would have.</summary>
    private async Task RepresentAsync(HttpContext http, Caller caller, string key, IdempotencyRecord existing)
    {
        if (existing.EntityAction == "create" && IdempotentRepresentations.For(existing.EntityType) is { } represent)
        {
            if (await represent(http, caller, existing.EntityId!.Value) is { } entity)
            {
                var body = JsonSerializer.SerializeToUtf8Bytes(entity.Body, entity.Body.GetType(), json.Value.SerializerOptions);
                var headers = JsonSerializer.Serialize(new Dictionary<string, string> { ["Location"] = entity.Location, ["Content-Type"] = "application/json; charset=utf-8" });
                await store.StoreAnswerAsync(caller.Workspace, caller.Actor, key, StatusCodes.Status201Created, headers, body, CancellationToken.None);
                await ReplayAsync(http, StatusCodes.Status201Created, headers, body);
                return;
            }

            await TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Already done",
                detail: $"The request with this {IdempotentRequest.Header} created {existing.EntityType} {existing.EntityId}, which no longer exists.")
                .ExecuteAsync(http);
            return;
        }

        await TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Already done",
            detail: $"The request with this {IdempotentRequest.Header} was carried out ({existing.EntityAction} of {existing.EntityType} {existing.EntityId}), but its answer was lost; read the {existing.EntityType} to see its state.")
            .ExecuteAsync(http);
    }

    private static async Task ReplayAsync(HttpContext http, int status, string? headersJson, byte[] body)
    {
        http.Response.StatusCode = status;
        foreach (var (name, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(headersJson ?? "{}") ?? [])
        {
            http.Response.Headers[name] = value;
        }

        http.Response.Headers[IdempotentRequest.ReplayedHeader] = "true";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    private static Task InFlightAsync(HttpContext http, int retryAfterSeconds)
    {
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Request in progress",
            detail: $"A request with this {IdempotentRequest.Header} is still being carried out; retry after Retry-After seconds.")
            .ExecuteAsync(http);
    }
}
