using MimeKit;
using MimeKit.Text;

namespace SimpleCrm.Api.Email;

/// <summary>
/// Records that a message is becoming the provider's; committed when it returns. A transport calls it once per send,
/// at the last moment before the provider can accept the message: for SMTP, with the whole message written but the
/// line that ends DATA not yet sent. Until that line arrives a server keeps nothing (a dropped connection discards the
/// message), so a crash before the mark leaves a message to send again and a crash after it a message already sent:
/// never a duplicate. If the mark throws, the send is abandoned before the provider can accept it.
/// </summary>
public delegate Task MailHandOver(CancellationToken cancellationToken);

/// <summary>A message body that calls its <see cref="HandOver"/> once it has been written out in full, before the writer goes on.</summary>
public interface IHandOverPoint
{
    MailHandOver? HandOver { get; set; }
}

/// <summary>
/// A multipart/alternative body (plain text and HTML) with a hand-over point. Writing the body is the last thing a
/// message's writer does before the message's end, so the SMTP transport gets its commit point without reaching inside
/// the SMTP client.
/// </summary>
public sealed class HandOverAlternative : MultipartAlternative, IHandOverPoint
{
    public MailHandOver? HandOver { get; set; }

    public override Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default) =>
        HandOverPoint.PassAfterAsync(this, base.WriteToAsync(options, stream, contentOnly, cancellationToken), cancellationToken);

    public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default) =>
        HandOverPoint.PassAfter(this, () => base.WriteTo(options, stream, contentOnly, cancellationToken), cancellationToken);
}

/// <summary>A single-part (plain text) body with a hand-over point; see <see cref="HandOverAlternative"/>.</summary>
public sealed class HandOverTextPart(TextFormat format) : TextPart(format), IHandOverPoint
{
    public MailHandOver? HandOver { get; set; }

    public override Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default) =>
        HandOverPoint.PassAfterAsync(this, base.WriteToAsync(options, stream, contentOnly, cancellationToken), cancellationToken);

    public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default) =>
        HandOverPoint.PassAfter(this, () => base.WriteTo(options, stream, contentOnly, cancellationToken), cancellationToken);
}

internal static class HandOverPoint
{
    public static async Task PassAfterAsync(IHandOverPoint body, Task written, CancellationToken cancellationToken)
    {
        await written;
        await PassAsync(body, cancellationToken);
    }

    public static void PassAfter(IHandOverPoint body, Action write, CancellationToken cancellationToken)
    {
        write();
        PassAsync(body, cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>Calls the body's hand-over once: it is taken off the body first, so another write (a retry, a copy) passes freely.</summary>
    private static Task PassAsync(IHandOverPoint body, CancellationToken cancellationToken)
    {
        var handOver = body.HandOver;
        body.HandOver = null;
        return handOver is null ? Task.CompletedTask : handOver(cancellationToken);
    }
}
