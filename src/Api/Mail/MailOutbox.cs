using SimpleCrm.Data.Sessions;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Mail;

/// <summary>
/// Account mail (password resets, invitations) goes into the outbox with the rest of the workspace's side
/// effects, for a mail sender to deliver. Until one is configured, and when CRM_MAIL_PICKUP_DIR is set, the
/// message is also written as a file into that directory (one .eml per message, like an SMTP pickup
/// directory): that is how a local installation, and the browser tests, read their invitation and reset links.
/// The log names the recipient and subject only: the body carries live sign-in tokens.
/// </summary>
public sealed class MailOutbox(CrmDatabase database, IConfiguration configuration, ILogger<MailOutbox> logger)
{
    private readonly string? pickupDirectory = configuration["CRM_MAIL_PICKUP_DIR"] ?? configuration["Crm:Mail:PickupDirectory"];

    public async Task SendAsync(WorkspaceId workspace, Guid userId, string to, string subject, string body, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync(
            "insert into outbox (workspace_id, topic, entity_id, payload) values (@workspace, 'mail.account', @userId, @payload::jsonb)",
            new { workspace = workspace.Value, userId, payload = System.Text.Json.JsonSerializer.Serialize(new { to, subject, body }) }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(pickupDirectory))
        {
            var file = await DropAsync(pickupDirectory, to, subject, body, cancellationToken);
            logger.LogInformation("Mail to {To} ({Subject}) written to {File}", to, subject, file);
        }
        else
        {
            logger.LogInformation("Mail to {To} ({Subject}) queued in the outbox", to, subject);
        }
    }

    private static async Task<string> DropAsync(string directory, string to, string subject, string body, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var now = DateTimeOffset.UtcNow;
        var message = $"Date: {now:R}\r\nTo: {to}\r\nSubject: {subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n";
        // Written under a temporary name and then renamed, so a reader never sees half a message.
        var name = $"{now:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml";
        var temporary = Path.Combine(directory, name + ".tmp");
        await File.WriteAllTextAsync(temporary, message, cancellationToken);
        var path = Path.Combine(directory, name);
        File.Move(temporary, path);
        return path;
    }
}
