using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Data.Audit;
using SimpleCrm.Data.Identity;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Auth;

public sealed record MembershipView(Guid Id, string Slug, string Name, string Role, bool Current);

public sealed record MembershipList(IReadOnlyList<MembershipView> Items);

public sealed record WorkspaceSwitch(Guid? WorkspaceId);

public sealed record NewWorkspaceRequest(string? Name, string? Timezone = null, string? Currency = null);

/// <summary>
/// The signed-in person's workspaces: one account, a membership (role) in each. A token acts in one workspace;
/// switching ends this session and starts one in the other workspace.
/// </summary>
public static class MembershipEndpoints
{
    public static void MapMemberships(this RouteGroupBuilder api)
    {
        var auth = api.MapResource("/auth", "Auth");
        auth.MapGet("/workspaces", ListAsync).RequireSignIn(allowedBeforeMfaSetup: true).WithSummary("The workspaces you are a member of");
        auth.MapPost("/workspaces", CreateAsync).RequireSignIn().WithSummary("Create another workspace, with you as its admin; answers tokens for it");
        auth.MapPost("/switch", SwitchAsync).RequireSignIn(allowedBeforeMfaSetup: true).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Switch to another of your workspaces; answers tokens for it");
    }

    private static async Task<Ok<MembershipList>> ListAsync(Caller caller, UserDirectory users, CancellationToken cancellationToken)
    {
        var rows = caller.UserId is { } id ? await users.MembershipsAsync(id, cancellationToken) : [];
        return TypedResults.Ok(new MembershipList(rows.Select(m => new MembershipView(m.WorkspaceId, m.Slug, m.Name, m.Role, m.WorkspaceId == caller.Workspace.Value)).ToList()));
    }

    private static async Task<Results<Ok<Tokens>, ValidationProblem, ProblemHttpResult>> SwitchAsync(
        WorkspaceSwitch body, HttpContext http, UserDirectory users, SessionStore sessions, SignIn signIn)
    {
        if (body.WorkspaceId is not { } target)
        {
            return AuthEndpoints.Invalid("workspace_id", "workspace_id is required.");
        }

        // Not a member, inactive there, or no such workspace: one answer, so nothing is learnt about other workspaces.
        var caller = http.Caller();
        if (caller.UserId is not { } id || await users.FindAsync(target, id, http.RequestAborted) is not { Status: "active" } member)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "You are not a member of that workspace.");
        }

        if (caller.SessionId is { } current)
        {
            await sessions.RevokeAsync(id, current, "switched workspace", http.RequestAborted);
        }

        return TypedResults.Ok(await signIn.StartSessionAsync(http, member, "switch"));
    }

    private static async Task<Results<Created<Tokens>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        NewWorkspaceRequest body, HttpContext http, [AsParameters] WorkspaceCreationServices services)
    {
        var (options, _, users, _, sessions, signIn, audit) = services;
        if (!options.CurrentValue.SignupEnabled)
        {
            return TypedResults.Problem(statusCode: 403, title: "Sign-up is switched off", detail: "This server does not take new workspaces.");
        }

        var errors = WorkspaceFields.Validate(body.Name, body.Timezone, body.Currency, required: true, nameField: "name");
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid workspace");
        }

        var caller = http.Caller();
        if (caller.UserId is not { } id || await users.FindAsync(caller.Workspace.Value, id, http.RequestAborted) is not { } me)
        {
            return TypedResults.Problem(statusCode: 403, title: "Not allowed", detail: "Only a person can create a workspace, not an API key.");
        }

        var workspace = WorkspaceFields.New(body.Name!, body.Timezone, body.Currency);
        var admin = (await users.CreateWorkspaceAsync(workspace, id, me.Email, null, me.FirstName, me.LastName, http.RequestAborted))!;
        await audit.RecordAsync(new WorkspaceId(admin.WorkspaceId), SignIn.Context(http, id), "create", "workspace", admin.WorkspaceId,
            new { workspace.Name, workspace.Slug, workspace.Timezone, workspace.Currency }, http.RequestAborted);
        if (caller.SessionId is { } current)
        {
            await sessions.RevokeAsync(id, current, "switched workspace", http.RequestAborted);
        }

        return TypedResults.Created("/api/v1/workspace", await signIn.StartSessionAsync(http, admin, "switch"));
    }
}
