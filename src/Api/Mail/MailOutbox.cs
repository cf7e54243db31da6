using Microsoft.Extensions.Options;
using SimpleCrm.Api.Email;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Mail;

namespace SimpleCrm.Api.Mail;

/// <summary>
/// Account mail (password resets, invitations) goes into the outbox, and the account mail dispatcher delivers it
/// through the same provider as customer mail (SMTP, SendGrid, or in local mode the pickup folder, one .eml per
/// message: that is how a local installation, and the browser tests, read their invitation and reset links).
/// The log names the recipient and subject only: the body carries live sign-in tokens.
/// </summary>
public sealed class MailOutbox(AccountMailStore store, IOptions<EmailOptions> options, ILogger<MailOutbox> logger)
{
    public async Task SendAsync(WorkspaceId workspace, Guid userId, string to, string subject, string body, CancellationToken cancellationToken)
    {
        // Time-ordered, so the newest mail also has the greatest pickup file name.
        var messageId = $"{Guid.CreateVersion7():N}@{options.Value.MessageIdDomain}";
        await store.QueueAsync(workspace, userId, to, subject, body, messageId, cancellationToken);
        logger.LogInformation("Mail to {To} ({Subject}) queued in the outbox", to, subject);
    }
}
