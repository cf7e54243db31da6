using System.Globalization;
using System.Net.Mail;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Hosting;
using SimpleCrm.Data.Audit;
using SimpleCrm.Data.Identity;
using SimpleCrm.Domain.Reference;
using SimpleCrm.Contracts.Access;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Auth;

public sealed class SignupOptions
{
    /// <summary>Whether anyone may create a workspace (a hosted service); switch off for a single-shop install.</summary>
    public bool SignupEnabled { get; set; } = true;

    /// <summary>Sign-ups per hour from one address, on top of the budget every anonymous request draws from.</summary>
    public int SignupsPerHour { get; set; } = 20;
}

public sealed record AuthOptionsView(bool SignupEnabled);

/// <summary>What creating a workspace takes, by sign-up or by a signed-in person.</summary>
public sealed record WorkspaceCreationServices(
    Microsoft.Extensions.Options.IOptionsMonitor<SignupOptions> Options, IGrainFactory Grains, UserDirectory Users, Passwords Passwords,
    SessionStore Sessions, SignIn SignIn, AuditLog Audit);

public sealed record SignupRequest(
    string? WorkspaceName, string? FirstName, string? LastName, string? Email, string? Password, string? Timezone = null, string? Currency = null);

/// <summary>Creating a workspace with its first admin, open to anyone unless Crm:Auth:SignupEnabled is false.</summary>
public static class SignupEndpoints
{
    public static void MapSignup(this RouteGroupBuilder api)
    {
        var auth = api.MapResource("/auth", "Auth").AllowAnonymous();
        auth.MapGet("/options", GetOptions).WithSummary("What the sign-in page may offer (whether sign-up is open)");
        auth.MapPost("/signup", SignUpAsync).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Create a workspace and its first admin; answers tokens for it");
    }

    private static Ok<AuthOptionsView> GetOptions(Microsoft.Extensions.Options.IOptionsMonitor<SignupOptions> options) =>
        TypedResults.Ok(new AuthOptionsView(options.CurrentValue.SignupEnabled));

    private static async Task<Results<Created<Tokens>, ValidationProblem, ProblemHttpResult>> SignUpAsync(
        SignupRequest body, HttpContext http, [AsParameters] WorkspaceCreationServices services)
    {
        var (options, grains, users, passwords, _, signIn, audit) = services;
        if (!options.CurrentValue.SignupEnabled)
        {
            return TypedResults.Problem(statusCode: 403, title: "Sign-up is switched off", detail: "This server does not take new workspaces; ask its operator for an invitation.");
        }

        var errors = WorkspaceFields.Validate(body.WorkspaceName, body.Timezone, body.Currency, required: true);
        foreach (var (field, value) in new[] { ("first_name", body.FirstName), ("last_name", body.LastName) })
        {
            if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > 100)
            {
                errors[field] = [$"{field} is required (at most 100 characters)."];
            }
        }

        var email = body.Email?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 254 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            errors["email"] = ["A valid email address is required."];
        }
        else if (Passwords.Weakness(body.Password, email) is { } weakness)
        {
            errors["password"] = [weakness];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid sign-up");
        }

        // Creating workspaces is cheap for an attacker and costly for us: a budget per address of its own.
        var decision = await grains.GetGrain<IRateLimitGrain>($"signup:{http.Connection.RemoteIpAddress}").HitAsync(options.CurrentValue.SignupsPerHour, TimeSpan.FromHours(1));
        if (!decision.Allowed)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling((decision.ResetsAt - DateTimeOffset.UtcNow).TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: 429, title: "Too many sign-ups", detail: $"Too many workspaces were created from this address; try again in {seconds} seconds.");
        }

        var workspace = WorkspaceFields.New(body.WorkspaceName!, body.Timezone, body.Currency);
        var admin = await users.CreateWorkspaceAsync(workspace, null, email!, passwords.Hash(body.Password!), body.FirstName!.Trim(), body.LastName!.Trim(), http.RequestAborted);
        if (admin is null)
        {
            return TypedResults.Problem(statusCode: 409, title: "Email taken",
                detail: "This email already has an account: sign in, then create the new workspace from the workspace menu.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["email"] = ["This email already has an account; sign in instead."] } });
        }

        await audit.RecordAsync(new WorkspaceId(admin.WorkspaceId), SignIn.Context(http, admin.Id), "create", "workspace", admin.WorkspaceId,
            new { workspace.Name, workspace.Slug, workspace.Timezone, workspace.Currency }, http.RequestAborted);
        return TypedResults.Created("/api/v1/workspace", await signIn.StartSessionAsync(http, admin, "signup"));
    }
}

/// <summary>Rules for a workspace's name, time zone and currency, shared by sign-up, new workspaces and settings.</summary>
public static class WorkspaceFields
{
    public const string DefaultTimezone = "UTC";
    public const string DefaultCurrency = "EUR";

    /// <param name="required">Whether the name must be present (creating) or may be left out (editing).</param>
    public static Dictionary<string, string[]> Validate(string? name, string? timezone, string? currency, bool required, string nameField = "workspace_name")
    {
        var errors = new Dictionary<string, string[]>();
        if ((required || name is not null) && (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100))
        {
            errors[nameField] = [$"{nameField} must have 1 to 100 characters."];
        }

        if (timezone is not null && !TimeZones.IsKnown(timezone))
        {
            errors["timezone"] = [$"'{timezone}' is not an IANA time zone (like Europe/Berlin)."];
        }

        if (currency is not null && !Currencies.IsKnown(currency))
        {
            errors["currency"] = [$"'{currency}' is not an ISO 4217 currency code (like EUR)."];
        }

        return errors;
    }

    public static NewWorkspace New(string name, string? timezone, string? currency) =>
        new(Slug(name), name.Trim(), timezone ?? DefaultTimezone, currency ?? DefaultCurrency);

    /// <summary>Readable and unique: the name's letters and digits, then a random suffix ("north-shop-k3x9q2").</summary>
    public static string Slug(string name)
    {
        var readable = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                readable.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && readable.Length > 0 && readable[^1] != '-')
            {
                readable.Append('-');
            }
        }

        var stem = readable.ToString().Trim('-');
        stem = stem.Length > 40 ? stem[..40].TrimEnd('-') : stem;
        var suffix = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        return stem.Length > 0 ? $"{stem}-{suffix}" : $"shop-{suffix}";
    }
}
