using System.Net.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Mail;
using SimpleCrm.Api.Auth;
using SimpleCrm.Data.Audit;
using SimpleCrm.Api.Workspaces;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Data.Identity;
using SimpleCrm.Data.Workspaces;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Users;

public sealed record UserView(Guid Id, string Email, string FirstName, string LastName, string Role, string Status, bool MfaEnabled, DateTimeOffset? LastLogin, DateTimeOffset CreatedAt)
{
    /// <summary>An invited member shows only what the invitation said: nothing of an account they may have elsewhere.</summary>
    public static UserView From(UserRow u) => new(u.Id, u.Email, u.FirstName, u.LastName, u.Role, u.Status, u.Status != "invited" && u.MfaEnabled, u.LastLogin, u.CreatedAt);
}

public sealed record UserList(IReadOnlyList<UserView> Items);

public sealed record Invitation(string? Email, string? Role, string? FirstName, string? LastName);

public sealed record UserUpdate(string? Role, string? Status, string? FirstName, string? LastName);

/// <summary>The team: everyone sees it (owners are shown by name); only admins invite, change roles, deactivate.</summary>
public static class UserEndpoints
{
    public static void MapUsers(this RouteGroupBuilder api)
    {
        var users = api.MapResource("/users", "Team");
        users.MapGet("/", ListAsync).RequirePermission(Permission.UsersRead).WithSummary("List team members");
        users.MapPost("/", InviteAsync).RequirePermission(Permission.UsersManage).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Invite a team member (mails a single-use link)");
        users.MapGet("/{id:guid}", GetAsync).RequirePermission(Permission.UsersRead).WithSummary("One team member");
        users.MapPut("/{id:guid}", UpdateAsync).RequirePermission(Permission.UsersManage).WithSummary("Change a member's role, status or name");
        users.MapDelete("/{id:guid}", DeactivateAsync).RequirePermission(Permission.UsersManage).WithSummary("Deactivate a member and end their sessions");
    }

    private static async Task<Ok<UserList>> ListAsync(Caller caller, UserDirectory users, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UserList((await users.ListAsync(caller.Workspace.Value, cancellationToken)).Select(UserView.From).ToList()));

    private static async Task<Results<Ok<UserView>, NotFound>> GetAsync(Guid id, Caller caller, UserDirectory users, CancellationToken cancellationToken) =>
        await users.FindAsync(caller.Workspace.Value, id, cancellationToken) is { } user ? TypedResults.Ok(UserView.From(user)) : TypedResults.NotFound();

    private static async Task<Results<Created<UserView>, ValidationProblem, ProblemHttpResult>> InviteAsync(
        Invitation body, HttpContext http, UserDirectory users, OneTimeTokens oneTime, MailOutbox mail, AuditLog audit)
    {
        var caller = http.Caller();
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Email) || body.Email.Length > 254 || !MailAddress.TryCreate(body.Email.Trim(), out _))
        {
            errors["email"] = ["A valid email address is required."];
        }

        if (body.Role is null || !Roles.All.Contains(body.Role))
        {
            errors["role"] = [$"role must be one of: {string.Join(", ", Roles.All)}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid invitation");
        }

        // An email that already has an account (in another workspace) is invited exactly like a new one: the
        // answer must not tell this workspace about accounts elsewhere. Accepting adds the membership.
        var (outcome, created) = await users.InviteAsync(caller.Workspace, body.Email!.Trim(), body.FirstName?.Trim() ?? "", body.LastName?.Trim() ?? "", body.Role!, http.RequestAborted);
        if (outcome == InvitationOutcome.AlreadyMember || created is null)
        {
            return TypedResults.Problem(statusCode: 409, title: "Already a member", detail: $"{body.Email} is already a member of this workspace.");
        }

        var token = Secrets.NewToken();
        await oneTime.IssueAsync(Secrets.Hash(token), OneTimeTokens.Invitation, created.Id, TimeSpan.FromDays(7), http.RequestAborted, caller.Workspace.Value);
        await mail.SendAsync(caller.Workspace, created.Id, created.Email, "You are invited to SimpleCrm",
            $"You have been invited to a SimpleCrm workspace as {created.Role}. Accept within 7 days:\n{AuthEndpoints.AppUrl(http)}/accept-invitation?token={token}",
            http.RequestAborted);
        await audit.RecordAsync(caller.Workspace, http.ChangeContext(), "create", "user", created.Id, new { created.Email, created.Role }, http.RequestAborted);
        return TypedResults.Created($"/api/v1/users/{created.Id}", UserView.From(created));
    }

    private static async Task<Results<Ok<UserView>, ValidationProblem, NotFound>> UpdateAsync(Guid id, UserUpdate body, Caller caller, UserDirectory users, SessionStore sessions, AuditLog audit, CancellationToken cancellationToken)
    {
        if (body.Role is not null && !Roles.All.Contains(body.Role))
        {
            return AuthEndpoints.Invalid("role", $"role must be one of: {string.Join(", ", Roles.All)}.");
        }

        if (body.Status is not null and not ("active" or "inactive"))
        {
            return AuthEndpoints.Invalid("status", "status must be active or inactive.");
        }

        if (id == caller.UserId && (body.Role is not null and not Roles.Admin || body.Status == "inactive"))
        {
            return AuthEndpoints.Invalid("role", "You cannot demote or deactivate yourself; ask another admin.");
        }

        var before = await users.FindAsync(caller.Workspace.Value, id, cancellationToken);
        if (before is null)
        {
            return TypedResults.NotFound();
        }

        // An invited member becomes active by accepting the invitation, not by an admin's edit.
        var status = before.Status == "invited" && body.Status == "active" ? null : body.Status;
        var after = await users.UpdateAsync(caller.Workspace.Value, id, new UserChanges(body.FirstName?.Trim(), body.LastName?.Trim(), null, null, null, body.Role, status), cancellationToken);
        if (after!.Status == "inactive" || after.Role != before.Role)
        {
            await sessions.RevokeAllInWorkspaceAsync(id, caller.Workspace.Value, after.Status == "inactive" ? "deactivated" : "role changed", cancellationToken);
        }

        await audit.RecordAsync(caller.Workspace, caller.Change, "update", "user", id,
            new { before = new { before.Role, before.Status }, after = new { after.Role, after.Status } }, cancellationToken);
        return TypedResults.Ok(UserView.From(after));
    }

    private static async Task<Results<NoContent, ValidationProblem, NotFound>> DeactivateAsync(Guid id, Caller caller, UserDirectory users, SessionStore sessions, AuditLog audit, CancellationToken cancellationToken)
    {
        if (id == caller.UserId)
        {
            return AuthEndpoints.Invalid("id", "You cannot deactivate yourself; ask another admin.");
        }

        if (await users.UpdateAsync(caller.Workspace.Value, id, new UserChanges(null, null, null, null, null, null, "inactive"), cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        await sessions.RevokeAllInWorkspaceAsync(id, caller.Workspace.Value, "deactivated", cancellationToken);
        await audit.RecordAsync(caller.Workspace, caller.Change, "delete", "user", id, null, cancellationToken);
        return TypedResults.NoContent();
    }
}

/// <summary>A change of workspace settings: fields left out (or null) keep their value, for PATCH and PUT alike.</summary>
public sealed record WorkspaceSettings(string? Name = null, bool? RequireMfa = null, string? Timezone = null, string? Currency = null);

/// <summary>The caller's workspace: its name, time zone, default currency and whether every member must use MFA.</summary>
public static class WorkspaceEndpoints
{
    public static void MapWorkspace(this RouteGroupBuilder api)
    {
        var workspace = api.MapResource("/workspace", "Team");
        workspace.MapGet("/", GetAsync).RequireSignIn().WithSummary("Your workspace");
        workspace.MapPatch("/", UpdateAsync).RequirePermission(Permission.UsersManage).WithSummary("Change the workspace's name, time zone, default currency or MFA rule (fields left out stay)");
        workspace.MapPut("/", UpdateAsync).RequirePermission(Permission.UsersManage).WithSummary("Same as PATCH (kept for older clients)");
    }

    private static async Task<Results<Ok<WorkspaceView>, NotFound>> GetAsync(Caller caller, WorkspaceDirectory workspaces, CancellationToken cancellationToken) =>
        await workspaces.FindAsync(caller.Workspace.Value.ToString(), cancellationToken) is { } w
            ? TypedResults.Ok(WorkspaceView.From(w))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<WorkspaceView>, ValidationProblem, NotFound>> UpdateAsync(WorkspaceSettings body, Caller caller, WorkspaceDirectory workspaces, AuditLog audit, CancellationToken cancellationToken)
    {
        var errors = WorkspaceFields.Validate(body.Name, body.Timezone, body.Currency, required: false, nameField: "name");
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid workspace settings");
        }

        var before = await workspaces.FindAsync(caller.Workspace.Value.ToString(), cancellationToken);
        if (before is null || await workspaces.UpdateAsync(caller.Workspace.Value, body.Name?.Trim(), body.RequireMfa, body.Timezone, body.Currency, cancellationToken) is not { } w)
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(caller.Workspace, caller.Change, "update", "workspace", w.Id,
            new { before = new { before.Name, before.Timezone, before.Currency, before.RequireMfa }, after = new { w.Name, w.Timezone, w.Currency, w.RequireMfa } }, cancellationToken);
        return TypedResults.Ok(WorkspaceView.From(w));
    }
}
