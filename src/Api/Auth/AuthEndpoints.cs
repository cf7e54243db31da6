using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Mail;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Data.Identity;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Auth;

public sealed record LoginRequest(string? Email, string? Password);

public sealed record MfaRequest(string? MfaToken, string? Code);

/// <summary>What setting a new password from a reset link takes.</summary>
public sealed record PasswordResetServices(UserDirectory Users, OneTimeTokens OneTime, Passwords Passwords, SessionStore Sessions, SignInFailures Failures);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record PasswordResetRequest(string? Email);

public sealed record PasswordResetConfirmation(string? Token, string? NewPassword);

public sealed record InvitationAcceptance(string? Token, string? Password, string? FirstName, string? LastName);

/// <summary>The sign-in endpoints: the only /api/v1 endpoints that need no caller (rate limited per address).</summary>
public static class AuthEndpoints
{
    private const string WrongCredentials = "The email or password is not right.";

    public static void MapAuth(this RouteGroupBuilder api)
    {
        var auth = api.MapResource("/auth", "Auth", StatusCodes.Status401Unauthorized).AllowAnonymous();
        auth.MapPost("/login", LoginAsync).WithSummary("Sign in with email and password (answers tokens or an MFA challenge)");
        auth.MapPost("/mfa", MfaAsync).WithSummary("Second step: a TOTP or recovery code for the MFA challenge");
        auth.MapPost("/refresh", RefreshAsync).WithSummary("Spend a refresh token for new tokens (reuse revokes the session)");
        auth.MapPost("/password-reset", RequestResetAsync).WithSummary("Mail a single-use password reset link");
        auth.MapPost("/password-reset/confirm", ConfirmResetAsync).WithSummary("Set a new password with a reset token");
        auth.MapPost("/invitations/accept", AcceptInvitationAsync).WithSummary("Accept an invitation: set name and password, signed in");
    }

    private static async Task<Results<Ok<Tokens>, Ok<MfaChallenge>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest body, HttpContext http, UserDirectory users, Passwords passwords, SignIn signIn, SignInFailures failures)
    {
        if (Required(("email", body.Email), ("password", body.Password)) is { } invalid)
        {
            return invalid;
        }

        var user = await users.FindByEmailAsync(body.Email!.Trim(), http.RequestAborted);
        // Failures count per address, an account's or not, and every refusal does the same work (look-ups, one
        // bcrypt verify, one failure count), so neither answers nor timing tell who has an account.
        var record = await failures.ReadAsync(body.Email!, http.RequestAborted);
        if (record.LockedUntil is { } locked)
        {
            return LockedOut(http, locked);
        }

        if (!passwords.Verify(body.Password!, user?.PasswordHash) || user is null)
        {
            await failures.RecordAsync(body.Email!, Passwords.LockUntil, http.RequestAborted);
            return TypedResults.Problem(statusCode: 401, title: "Sign-in failed", detail: WrongCredentials);
        }

        if (user.Status != "active")
        {
            await failures.RecordAsync(body.Email!, Passwords.LockUntil, http.RequestAborted);
            return TypedResults.Problem(statusCode: 401, title: "Sign-in failed", detail: WrongCredentials);
        }

        if (record.HasFailures)
        {
            await failures.ClearAsync(body.Email!, http.RequestAborted);
        }

        return user.MfaEnabled ? TypedResults.Ok(signIn.Challenge(user)) : TypedResults.Ok(await signIn.StartSessionAsync(http, user, "password"));
    }

    private static async Task<Results<Ok<Tokens>, ValidationProblem, ProblemHttpResult>> MfaAsync(
        MfaRequest body, HttpContext http, UserDirectory users, Mfa mfa, SignIn signIn)
    {
        if (Required(("mfa_token", body.MfaToken), ("code", body.Code)) is { } invalid)
        {
            return invalid;
        }

        if (await signIn.ReadChallengeAsync(body.MfaToken!) is not { } userId || await users.FindAsync(userId, http.RequestAborted) is not { Status: "active" } user)
        {
            return TypedResults.Problem(statusCode: 401, title: "Sign-in failed", detail: "The MFA challenge is unknown or expired; sign in again.");
        }

        if (user.LockedUntil is { } locked && locked > DateTimeOffset.UtcNow)
        {
            return LockedOut(http, locked);
        }

        var code = body.Code!.Trim();
        var passed = mfa.Verify(user.MfaSecret, code)
            || await users.SpendRecoveryCodeAsync(user.Id, hash => BCrypt.Net.BCrypt.Verify(code.ToLowerInvariant(), hash), http.RequestAborted);
        if (!passed)
        {
            await users.RecordFailedLoginAsync(user.Id, Passwords.LockUntil, http.RequestAborted);
            return TypedResults.Problem(statusCode: 401, title: "Sign-in failed", detail: "The code is not right.");
        }

        return TypedResults.Ok(await signIn.StartSessionAsync(http, user, "password+totp"));
    }

    private static async Task<Results<Ok<Tokens>, ValidationProblem, ProblemHttpResult>> RefreshAsync(RefreshRequest body, CancellationToken cancellationToken, SignIn signIn)
    {
        if (Required(("refresh_token", body.RefreshToken)) is { } invalid)
        {
            return invalid;
        }

        return await signIn.RefreshAsync(body.RefreshToken!, cancellationToken) is { } tokens
            ? TypedResults.Ok(tokens)
            : TypedResults.Problem(statusCode: 401, title: "Session ended", detail: "The refresh token is unknown, expired, revoked or already used; sign in again.");
    }

    private static async Task<Results<Accepted, ValidationProblem>> RequestResetAsync(
        PasswordResetRequest body, HttpContext http, UserDirectory users, OneTimeTokens oneTime, MailOutbox mail)
    {
        if (Required(("email", body.Email)) is { } invalid)
        {
            return invalid;
        }

        // The same answer whether or not the address exists, so the endpoint cannot be used to find accounts.
        if (await users.FindByEmailAsync(body.Email!.Trim(), http.RequestAborted) is { Status: "active" } user)
        {
            var token = Secrets.NewToken();
            await oneTime.IssueAsync(Secrets.Hash(token), OneTimeTokens.PasswordReset, user.Id, TimeSpan.FromHours(1), http.RequestAborted);
            await mail.SendAsync(new WorkspaceId(user.WorkspaceId), user.Id, user.Email, "Reset your SimpleCrm password",
                $"Someone asked to reset the password of {user.Email}. If it was you, open this link within an hour:\n{AppUrl(http)}/reset-password?token={token}\nOtherwise ignore this message.",
                http.RequestAborted);
        }

        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<NoContent, ValidationProblem>> ConfirmResetAsync(
        PasswordResetConfirmation body, [AsParameters] PasswordResetServices services, CancellationToken cancellationToken)
    {
        var (users, oneTime, passwords, sessions, failures) = services;
        if (Required(("token", body.Token), ("new_password", body.NewPassword)) is { } invalid)
        {
            return invalid;
        }

        var hash = Secrets.Hash(body.Token!);
        if (await oneTime.PeekAsync(hash, OneTimeTokens.PasswordReset, cancellationToken) is not { } userId
            || await users.FindAsync(userId, cancellationToken) is not { } user)
        {
            return Invalid("token", "The reset link is unknown, used or expired; ask for a new one.");
        }

        if (Passwords.Weakness(body.NewPassword, user.Email) is { } weakness)
        {
            return Invalid("new_password", weakness);
        }

        if (await oneTime.SpendAsync(hash, OneTimeTokens.PasswordReset, cancellationToken) is null)
        {
            return Invalid("token", "The reset link is unknown, used or expired; ask for a new one.");
        }

        await users.SetPasswordAsync(user.Id, passwords.Hash(body.NewPassword!), cancellationToken);
        await sessions.RevokeAllAsync(user.Id, "password reset", cancellationToken: cancellationToken);
        await failures.ClearAsync(user.Email, cancellationToken); // a reset also ends a lockout, as the lockout says
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Tokens>, Ok<MfaChallenge>, ValidationProblem, ProblemHttpResult>> AcceptInvitationAsync(
        InvitationAcceptance body, HttpContext http, UserDirectory users, OneTimeTokens oneTime, Passwords passwords, SignIn signIn)
    {
        if (Required(("token", body.Token), ("password", body.Password)) is { } invalid)
        {
            return invalid;
        }

        var hash = Secrets.Hash(body.Token!);
        if (await oneTime.PeekInvitationAsync(hash, http.RequestAborted) is not { } invitation
            || await users.FindAsync(invitation.WorkspaceId, invitation.UserId, http.RequestAborted) is not { Status: "invited" } user)
        {
            return Invalid("token", "The invitation is unknown, used or expired; ask for a new one.");
        }

        // Someone who already has an account (from another workspace) joins with it and keeps its password:
        // the password must be that account's, as at sign-in.
        var existingAccount = user.PasswordHash is not null;
        if (existingAccount)
        {
            if (user.LockedUntil is { } locked && locked > DateTimeOffset.UtcNow)
            {
                return LockedOut(http, locked);
            }

            if (!passwords.Verify(body.Password!, user.PasswordHash))
            {
                await users.RecordFailedLoginAsync(user.Id, Passwords.LockUntil, http.RequestAborted);
                return Invalid("password", "This email already has a SimpleCrm account: enter its password (or reset it) to join.");
            }
        }
        else
        {
            if (Required(("first_name", body.FirstName), ("last_name", body.LastName)) is { } missing)
            {
                return missing;
            }

            if (Passwords.Weakness(body.Password, user.Email) is { } weakness)
            {
                return Invalid("password", weakness);
            }
        }

        if (await oneTime.SpendAsync(hash, OneTimeTokens.Invitation, http.RequestAborted) is null)
        {
            return Invalid("token", "The invitation is unknown, used or expired; ask for a new one.");
        }

        if (!existingAccount)
        {
            await users.SetPasswordAsync(user.Id, passwords.Hash(body.Password!), http.RequestAborted);
        }

        var active = await users.ActivateAsync(invitation.WorkspaceId, user.Id, NullIfBlank(body.FirstName), NullIfBlank(body.LastName), http.RequestAborted);
        if (active is not { Status: "active" })
        {
            return Invalid("token", "The invitation is unknown, used or expired; ask for a new one.");
        }

        if (active.MfaEnabled)
        {
            await users.MarkUsedAsync(active.WorkspaceId, active.Id, http.RequestAborted); // the MFA step lands here
            return TypedResults.Ok(signIn.Challenge(active));
        }

        return TypedResults.Ok(await signIn.StartSessionAsync(http, active, "invitation"));
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Where links in mails point: Crm:PublicUrl when set, else the address this request came to.</summary>
    public static string AppUrl(HttpContext http) =>
        http.RequestServices.GetRequiredService<IConfiguration>()["Crm:PublicUrl"]?.TrimEnd('/') ?? $"{http.Request.Scheme}://{http.Request.Host}";

    private static ProblemHttpResult LockedOut(HttpContext http, DateTimeOffset until)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((until - DateTimeOffset.UtcNow).TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: 429, title: "Account locked",
            detail: $"Too many failed sign-ins. Try again in {seconds} seconds, or reset your password.");
    }

    public static ValidationProblem? Required(params (string Field, string? Value)[] fields)
    {
        var missing = fields.Where(f => string.IsNullOrWhiteSpace(f.Value)).ToDictionary(f => f.Field, f => new[] { $"{f.Field} is required." });
        return missing.Count > 0 ? TypedResults.ValidationProblem(missing, title: "Invalid request") : null;
    }

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid request");
}
