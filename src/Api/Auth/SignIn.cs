using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SimpleCrm.Api.Access;
using SimpleCrm.Data.Audit;
using SimpleCrm.Data.Identity;
using SimpleCrm.Data.Workspaces;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Auth;

public sealed record Tokens(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType = "Bearer");

public sealed record MfaChallenge(bool MfaRequired, string MfaToken, int ExpiresIn);

/// <summary>Starting sessions and issuing tokens: shared by password sign-in, the MFA step, invitations and refresh.</summary>
public sealed class SignIn(AccessTokens tokens, SessionStore sessions, UserDirectory users, WorkspaceDirectory workspaces, AuditLog audit)
{
    private const string MfaAudience = "simplecrm-mfa";
    private static readonly TimeSpan MfaTokenLifetime = TimeSpan.FromMinutes(5);

    public async Task<Tokens> StartSessionAsync(HttpContext http, UserRow user, string how)
    {
        var refresh = Secrets.NewToken();
        var session = await sessions.StartAsync(user.Id, user.WorkspaceId, Secrets.Hash(refresh), AccessTokens.RefreshLifetime,
            http.Request.Headers.UserAgent.ToString(), http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted);
        await users.RecordLoginAsync(user.Id, http.RequestAborted);
        await users.MarkUsedAsync(user.WorkspaceId, user.Id, http.RequestAborted);
        await audit.RecordAsync(new WorkspaceId(user.WorkspaceId), Context(http, user.Id), "sign_in", "user", user.Id, new { method = how }, http.RequestAborted);
        return new Tokens(tokens.Issue(user, session.Id, await MfaSetupRequiredAsync(user, http.RequestAborted)), refresh, (int)AccessTokens.Lifetime.TotalSeconds);
    }

    public async Task<Tokens?> RefreshAsync(string presented, CancellationToken cancellationToken)
    {
        var next = Secrets.NewToken();
        var (outcome, session) = await sessions.RotateAsync(Secrets.Hash(presented), Secrets.Hash(next), cancellationToken);
        if (outcome != RefreshOutcome.Rotated || session is null || await users.FindAsync(session.WorkspaceId, session.UserId, cancellationToken) is not { Status: "active" } user)
        {
            return null;
        }

        return new Tokens(tokens.Issue(user, session.Id, await MfaSetupRequiredAsync(user, cancellationToken)), next, (int)AccessTokens.Lifetime.TotalSeconds);
    }

    private async Task<bool> MfaSetupRequiredAsync(UserRow user, CancellationToken cancellationToken) =>
        !user.MfaEnabled && await workspaces.RequiresMfaAsync(user.WorkspaceId, cancellationToken);

    /// <summary>Proof that the password was right, good for the MFA step only, for five minutes.</summary>
    public MfaChallenge Challenge(UserRow user) => new(true, new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = AccessTokens.Issuer,
        Audience = MfaAudience,
        Claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = user.Id.ToString() },
        Expires = DateTime.UtcNow.Add(MfaTokenLifetime),
        SigningCredentials = new SigningCredentials(tokens.SigningKey, SecurityAlgorithms.HmacSha256),
    }), (int)MfaTokenLifetime.TotalSeconds);

    public async Task<Guid?> ReadChallengeAsync(string mfaToken)
    {
        var parameters = tokens.ValidationParameters();
        parameters.ValidAudience = MfaAudience;
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(mfaToken, parameters);
        return result.IsValid && Guid.TryParse(result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, out var id) ? id : null;
    }

    public static ChangeContext Context(HttpContext http, Guid userId) =>
        new($"user:{userId}", http.TraceIdentifier, http.Connection.RemoteIpAddress?.ToString());
}
