using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Data.Identity;
using SimpleCrm.Data.Workspaces;
using SimpleCrm.Domain.Reference;

namespace SimpleCrm.Api.Auth;

public sealed record WorkspaceView(Guid Id, string Slug, string Name, bool RequireMfa, string Timezone, string Currency)
{
    public static WorkspaceView From(Workspace w) => new(w.Id, w.Slug, w.Name, w.RequireMfa, w.Timezone, w.Currency);
}

public sealed record Me(
    Guid Id, string Email, string FirstName, string LastName, string? AvatarUrl, string Timezone, string Language, string Role,
    string Status, bool MfaEnabled, bool MfaSetupRequired, DateTimeOffset? LastLogin, WorkspaceView Workspace, IReadOnlyList<string> Permissions);

public sealed record ProfileChanges(string? FirstName, string? LastName, string? Timezone, string? Language, string? AvatarUrl);

public sealed record PasswordChange(string? CurrentPassword, string? NewPassword);

public sealed record SessionView(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, DateTimeOffset ExpiresAt, string? UserAgent, string? Ip, bool Current);

public sealed record MfaSetup(string Secret, string OtpauthUri);

public sealed record MfaCode(string? Code);

public sealed record PasswordConfirmation(string? Password);

/// <summary>The signed-in user's own account: profile, password, sessions, MFA. Open to every role.</summary>
public static class ProfileEndpoints
{
    public static void MapProfile(this RouteGroupBuilder api)
    {
        var me = api.MapResource("/auth", "Auth");
        me.MapGet("/me", GetAsync).RequireSignIn(allowedBeforeMfaSetup: true).WithSummary("The signed-in user, their workspace and permissions");
        me.MapPut("/me", UpdateAsync).RequireSignIn().WithSummary("Edit your profile");
        me.MapPost("/password", ChangePasswordAsync).RequireSignIn(allowedBeforeMfaSetup: true).WithSummary("Change your password (ends your other sessions)");
        me.MapPost("/logout", LogoutAsync).RequireSignIn(allowedBeforeMfaSetup: true).WithSummary("End this session");
        me.MapPost("/logout-all", LogoutAllAsync).RequireSignIn(allowedBeforeMfaSetup: true).WithSummary("End every session of yours");
        me.MapGet("/sessions", SessionsAsync).RequireSignIn(allowedBeforeMfaSetup: true).WithSummary("Your active sessions");
        me.MapDelete("/sessions/{id:guid}", RevokeSessionAsync).RequireSignIn(allowedBeforeMfaSetup: true).WithSummary("End one of your sessions");
        me.MapPost("/mfa/setup", SetupMfaAsync).RequireSignIn(allowedBeforeMfaSetup: true).WithSummary("Start MFA setup: a new secret and its otpauth URI");
        me.MapPost("/mfa/enable", EnableMfaAsync).RequireSignIn(allowedBeforeMfaSetup: true).WithSummary("Confirm MFA with a code; answers recovery codes once");
        me.MapPost("/mfa/disable", DisableMfaAsync).RequireSignIn().WithSummary("Turn MFA off (needs your password)");
    }

    private static async Task<Results<Ok<Me>, NotFound>> GetAsync(Caller caller, UserDirectory users, WorkspaceDirectory workspaces, CancellationToken cancellationToken)
    {
        return await DescribeAsync(caller, users, workspaces, cancellationToken) is { } me ? TypedResults.Ok(me) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<Me>, ValidationProblem, NotFound>> UpdateAsync(ProfileChanges body, Caller caller, UserDirectory users, WorkspaceDirectory workspaces, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.Timezone is not null && !TimeZones.IsKnown(body.Timezone))
        {
            errors["timezone"] = [$"'{body.Timezone}' is not an IANA time zone."];
        }

        if (body.Language is not null && !Languages.IsKnown(body.Language))
        {
            errors["language"] = [$"'{body.Language}' is not an ISO 639-1 language code."];
        }

        if (body.FirstName is { Length: > 100 } || body.LastName is { Length: > 100 })
        {
            errors["first_name"] = ["Names are at most 100 characters."];
        }

        if (body.AvatarUrl is { Length: > 0 } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            errors["avatar_url"] = ["The avatar must be an https URL."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid profile");
        }

        await users.UpdateAsync(caller.Workspace.Value, caller.UserId!.Value,
            new UserChanges(body.FirstName?.Trim(), body.LastName?.Trim(), body.AvatarUrl, body.Timezone, body.Language, null, null), cancellationToken);
        return await DescribeAsync(caller, users, workspaces, cancellationToken) is { } me ? TypedResults.Ok(me) : TypedResults.NotFound();
    }

    private static async Task<Results<NoContent, ValidationProblem>> ChangePasswordAsync(PasswordChange body, Caller caller, UserDirectory users, Passwords passwords, SessionStore sessions, CancellationToken cancellationToken)
    {
        if (AuthEndpoints.Required(("current_password", body.CurrentPassword), ("new_password", body.NewPassword)) is { } invalid)
        {
            return invalid;
        }

        var user = (await users.FindAsync(caller.Workspace.Value, caller.UserId!.Value, cancellationToken))!;
        if (!passwords.Verify(body.CurrentPassword!, user.PasswordHash))
        {
            return AuthEndpoints.Invalid("current_password", "The current password is not right.");
        }

        if (Passwords.Weakness(body.NewPassword, user.Email) is { } weakness)
        {
            return AuthEndpoints.Invalid("new_password", weakness);
        }

        await users.SetPasswordAsync(user.Id, passwords.Hash(body.NewPassword!), cancellationToken);
        await sessions.RevokeAllAsync(user.Id, "password changed", keep: caller.SessionId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> LogoutAsync(Caller caller, SessionStore sessions, CancellationToken cancellationToken)
    {
        if (caller.SessionId is { } session)
        {
            await sessions.RevokeAsync(caller.UserId!.Value, session, "signed out", cancellationToken);
        }

        return TypedResults.NoContent();
    }

    private static async Task<NoContent> LogoutAllAsync(Caller caller, SessionStore sessions, CancellationToken cancellationToken)
    {
        await sessions.RevokeAllAsync(caller.UserId!.Value, "signed out everywhere", cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<SessionView>>> SessionsAsync(Caller caller, SessionStore sessions, CancellationToken cancellationToken)
    {
        var rows = await sessions.ListActiveAsync(caller.UserId!.Value, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SessionView>>(rows.Select(s => new SessionView(s.Id, s.CreatedAt, s.LastUsedAt, s.ExpiresAt, s.UserAgent, s.Ip, s.Id == caller.SessionId)).ToList());
    }

    private static async Task<Results<NoContent, NotFound>> RevokeSessionAsync(Guid id, Caller caller, SessionStore sessions, CancellationToken cancellationToken) =>
        await sessions.RevokeAsync(caller.UserId!.Value, id, "revoked by the user", cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<MfaSetup>, ValidationProblem>> SetupMfaAsync(Caller caller, UserDirectory users, Mfa mfa, CancellationToken cancellationToken)
    {
        var user = (await users.FindAsync(caller.Workspace.Value, caller.UserId!.Value, cancellationToken))!;
        if (user.MfaEnabled)
        {
            return AuthEndpoints.Invalid("mfa", "MFA is already on; turn it off first to set up a new authenticator.");
        }

        // Stored as pending (mfa_enabled stays false) until a code from the app confirms it.
        var (secret, protectedSecret) = mfa.NewSecret();
        await users.SetMfaAsync(user.Id, protectedSecret, enabled: false, cancellationToken);
        return TypedResults.Ok(new MfaSetup(secret, Mfa.OtpAuthUri(user.Email, secret)));
    }

    private static async Task<Results<Ok<RecoveryCodesView>, ValidationProblem>> EnableMfaAsync(MfaCode body, Caller caller, UserDirectory users, Mfa mfa, CancellationToken cancellationToken)
    {
        var user = (await users.FindAsync(caller.Workspace.Value, caller.UserId!.Value, cancellationToken))!;
        if (user.MfaEnabled)
        {
            return AuthEndpoints.Invalid("code", "MFA is already on; turn it off first to set up a new authenticator.");
        }

        if (string.IsNullOrWhiteSpace(body.Code) || !mfa.Verify(user.MfaSecret, body.Code.Trim()))
        {
            return AuthEndpoints.Invalid("code", "The code is not right; check the authenticator app's clock and try the next code.");
        }

        var codes = Mfa.NewRecoveryCodes();
        await users.ReplaceRecoveryCodesAsync(user.Id, codes.Select(c => BCrypt.Net.BCrypt.HashPassword(c, 10)).ToList(), cancellationToken);
        await users.SetMfaAsync(user.Id, user.MfaSecret, enabled: true, cancellationToken);
        return TypedResults.Ok(new RecoveryCodesView(codes));
    }

    private static async Task<Results<NoContent, ValidationProblem>> DisableMfaAsync(PasswordConfirmation body, Caller caller, UserDirectory users, Passwords passwords, WorkspaceDirectory workspaces, CancellationToken cancellationToken)
    {
        var user = (await users.FindAsync(caller.Workspace.Value, caller.UserId!.Value, cancellationToken))!;
        if (string.IsNullOrEmpty(body.Password) || !passwords.Verify(body.Password, user.PasswordHash))
        {
            return AuthEndpoints.Invalid("password", "The password is not right.");
        }

        if (await workspaces.RequiresMfaAsync(user.WorkspaceId, cancellationToken))
        {
            return AuthEndpoints.Invalid("password", "This workspace requires MFA; it cannot be turned off.");
        }

        await users.SetMfaAsync(user.Id, null, enabled: false, cancellationToken);
        await users.ReplaceRecoveryCodesAsync(user.Id, [], cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Me?> DescribeAsync(Caller caller, UserDirectory users, WorkspaceDirectory workspaces, CancellationToken cancellationToken)
    {
        if (caller.UserId is not { } id || await users.FindAsync(caller.Workspace.Value, id, cancellationToken) is not { } user
            || await workspaces.FindAsync(user.WorkspaceId.ToString(), cancellationToken) is not { } workspace)
        {
            return null;
        }

        var setupRequired = workspace.RequireMfa && !user.MfaEnabled;
        return new Me(user.Id, user.Email, user.FirstName, user.LastName, user.AvatarUrl, user.Timezone, user.Language, user.Role, user.Status,
            user.MfaEnabled, setupRequired, user.LastLogin, WorkspaceView.From(workspace),
            caller.Permissions.Select(p => p.Name()).Order(StringComparer.Ordinal).ToList());
    }
}

public sealed record RecoveryCodesView(IReadOnlyList<string> RecoveryCodes);
