using SimpleCrm.Data.Sessions;
using SimpleCrm.Grains.Common;

namespace SimpleCrm.Api.Access;

/// <summary>
/// Account mail (password resets, invitations) goes into the outbox with the rest of the workspace's side
/// effects; a mail sender delivers it. Until one is configured the message is written to the log, and,
/// when CRM_MAIL_PICKUP_DIR is set, as a file into that directory (one .eml per message, like an SMTP pickup
/// directory): that is how a local installation, and the browser tests, read their invitation and reset links.
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
        logger.LogWarning("Mail to {To}: {Subject}\n{Body}", to, subject, body);
        if (!string.IsNullOrWhiteSpace(pickupDirectory))
        {
            await DropAsync(pickupDirectory, to, subject, body, cancellationToken);
        }
    }

    private static async Task DropAsync(string directory, string to, string subject, string body, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var now = DateTimeOffset.UtcNow;
        var message = $"Date: {now:R}\r\nTo: {to}\r\nSubject: {subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n";
        // Written under a temporary name and then renamed, so a reader never sees half a message.
        var name = $"{now:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml";
        var temporary = Path.Combine(directory, name + ".tmp");
        await File.WriteAllTextAsync(temporary, message, cancellationToken);
        File.Move(temporary, Path.Combine(directory, name));
    }
}
