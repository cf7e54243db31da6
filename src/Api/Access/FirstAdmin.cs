using SimpleCrm.Data.Identity;

namespace SimpleCrm.Api.Access;

/// <summary>
/// On the very first start (no users anywhere) creates the first admin in the default workspace: from
/// CRM_ADMIN_EMAIL / CRM_ADMIN_PASSWORD when set, else admin@simplecrm.local with a random password that is
/// printed once (and written to CRM_ADMIN_CREDENTIALS_FILE, which ./crm up shows). No well-known password.
/// </summary>
public sealed class FirstAdmin(UserDirectory users, Passwords passwords, Workspaces.DefaultWorkspace workspace, IConfiguration configuration, ILogger<FirstAdmin> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await users.AnyAsync(cancellationToken))
        {
            return;
        }

        var email = configuration["CRM_ADMIN_EMAIL"] is { Length: > 0 } configured ? configured.Trim() : "admin@simplecrm.local";
        var given = configuration["CRM_ADMIN_PASSWORD"];
        if (given is { Length: > 0 } && Passwords.Weakness(given, email) is { } weakness)
        {
            throw new InvalidOperationException($"CRM_ADMIN_PASSWORD is not acceptable: {weakness}");
        }

        var password = given is { Length: > 0 } ? given : Secrets.NewToken(12);
        var admin = await users.CreateAsync(new NewUser(workspace.Id.Value, email, passwords.Hash(password), "Admin", "User", Roles.Admin, "active"), cancellationToken);
        if (admin is null)
        {
            return; // another node created it at the same moment
        }

        if (given is { Length: > 0 })
        {
            logger.LogWarning("Created the first admin {Email} with the password from CRM_ADMIN_PASSWORD.", email);
            return;
        }

        logger.LogWarning("Created the first admin. Sign in as {Email} with the password {Password} and change it under Profile.", email, password);
        if (configuration["CRM_ADMIN_CREDENTIALS_FILE"] is { Length: > 0 } file)
        {
            await File.WriteAllTextAsync(file, $"{email}\n{password}\n", cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
