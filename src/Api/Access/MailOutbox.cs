using SimpleCrm.Data.Sessions;
using SimpleCrm.Grains.Common;

namespace SimpleCrm.Api.Access;

/// <summary>
/// Account mail (password resets, invitations) goes into the outbox with the rest of the workspace's side
/// effects; a sender (issue 6) delivers it. Until one is configured the message is written to the log, which
/// is how a local installation reads its reset links.
/// </summary>
public sealed class MailOutbox(CrmDatabase database, ILogger<MailOutbox> logger)
{
    public async Task SendAsync(WorkspaceId workspace, Guid userId, string to, string subject, string body, CancellationToken cancellationToken)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        await session.ExecuteAsync(
            "insert into outbox (workspace_id, topic, entity_id, payload) values (@workspace, 'mail.account', @userId, @payload::jsonb)",
            new { workspace = workspace.Value, userId, payload = System.Text.Json.JsonSerializer.Serialize(new { to, subject, body }) }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        logger.LogWarning("Mail to {To}: {Subject}\n{Body}", to, subject, body);
    }
}
