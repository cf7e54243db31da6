using System.IO.Compression;
using System.Text;

namespace SimpleCrm.Api.Activities;

/// <summary>What a file's content says it is: a content type we accept, or why it is refused.</summary>
public sealed record SniffResult(string? ContentType, string? Refusal)
{
    public bool Accepted => ContentType is not null;

    public static SniffResult Accept(string contentType) => new(contentType, null);

    public static SniffResult Refuse(string why) => new(null, why);
}

/// <summary>
/// Decides an upload's type from its bytes, never from its name or the Content-Type the client sent: PDF, PNG,
/// JPEG, GIF, WebP, plain text and CSV (UTF-8 text without control characters), and Word/Excel documents (zip
/// archives with the entries those formats require). Executables (Windows MZ, ELF, Mach-O) and scripts (#!) are
/// refused whatever they are called; so is anything not recognised.
/// </summary>
public static class FileSniffer
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Gif = "image/gif";
    public const string Webp = "image/webp";
    public const string Text = "text/plain";
    public const string Csv = "text/csv";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>How much of the start of a file is examined (text is checked this far; formats by their signature).</summary>
    public const int HeadBytes = 8192;

    public static readonly IReadOnlyList<string> Accepted = [Pdf, Png, Jpeg, Gif, Webp, Text, Csv, Docx, Xlsx];

    /// <param name="content">The whole file, seekable (zip-based formats are checked by their entries).</param>
    /// <param name="fileName">Only used to tell CSV from plain text once the bytes are known to be text.</param>
    public static SniffResult Sniff(Stream content, string fileName)
    {
        content.Position = 0;
        var head = new byte[HeadBytes];
        var length = ReadAtMost(content, head);
        var bytes = head.AsSpan(0, length);
        content.Position = 0;

        if (length == 0)
        {
            return SniffResult.Refuse("The file is empty.");
        }

        if (IsExecutable(bytes))
        {
            return SniffResult.Refuse("Executable files and scripts are not accepted, whatever their name.");
        }

        if (bytes.StartsWith("%PDF-"u8))
        {
            return SniffResult.Accept(Pdf);
        }

        if (bytes.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return SniffResult.Accept(Png);
        }

        if (bytes.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }))
        {
            return SniffResult.Accept(Jpeg);
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return SniffResult.Accept(Gif);
        }

        if (length >= 12 && bytes.StartsWith("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return SniffResult.Accept(Webp);
        }

        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            return SniffOfficeDocument(content);
        }

        if (IsText(bytes, complete: length < HeadBytes))
        {
            return SniffResult.Accept(fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? Csv : Text);
        }

        return SniffResult.Refuse($"Not a file type we accept ({string.Join(", ", Accepted)}).");
    }

    private static bool IsExecutable(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith("MZ"u8)                                        // Windows PE (.exe, .dll, .scr…)
        || bytes.StartsWith(new byte[] { 0x7F, 0x45, 0x4C, 0x46 })      // ELF
        || bytes.StartsWith(new byte[] { 0xFE, 0xED, 0xFA, 0xCE })      // Mach-O 32-bit
        || bytes.StartsWith(new byte[] { 0xFE, 0xED, 0xFA, 0xCF })      // Mach-O 64-bit
        || bytes.StartsWith(new byte[] { 0xCE, 0xFA, 0xED, 0xFE })      // Mach-O 32-bit, little-endian
        || bytes.StartsWith(new byte[] { 0xCF, 0xFA, 0xED, 0xFE })      // Mach-O 64-bit, little-endian
        || bytes.StartsWith(new byte[] { 0xCA, 0xFE, 0xBA, 0xBE })      // Mach-O universal (and Java classes)
        || StartsWithScriptLine(bytes);

    /// <summary>"#!" at the very start, after a UTF-8 byte order mark, or after leading whitespace.</summary>
    private static bool StartsWithScriptLine(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            bytes = bytes[3..];
        }

        var start = 0;
        while (start < bytes.Length && bytes[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        return bytes[start..].StartsWith("#!"u8);
    }

    /// <summary>Valid UTF-8 (a character cut at the end of the examined part is fine) without control characters other than tab, CR, LF and form feed.</summary>
    private static bool IsText(ReadOnlySpan<byte> bytes, bool complete)
    {
        if (bytes.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            bytes = bytes[3..];
        }

        foreach (var b in bytes)
        {
            if ((b < 0x20 && b is not ((byte)'\t' or (byte)'\r' or (byte)'\n' or 0x0C)) || b == 0x7F)
            {
                return false;
            }
        }

        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        try
        {
            var chars = new char[bytes.Length];
            decoder.Convert(bytes, chars, flush: complete, out _, out _, out _);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>A zip is accepted only as a Word or Excel document: [Content_Types].xml plus the format's main part.</summary>
    private static SniffResult SniffOfficeDocument(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            if (names.Contains("[Content_Types].xml"))
            {
                if (names.Contains("word/document.xml"))
                {
                    return SniffResult.Accept(Docx);
                }

                if (names.Contains("xl/workbook.xml"))
                {
                    return SniffResult.Accept(Xlsx);
                }
            }

            return SniffResult.Refuse("Zip archives are accepted only as Word (.docx) or Excel (.xlsx) documents.");
        }
        catch (InvalidDataException)
        {
            return SniffResult.Refuse("The file looks like a zip archive but cannot be read as one.");
        }
        finally
        {
            content.Position = 0;
        }
    }

    private static int ReadAtMost(Stream stream, byte[] buffer)
    {
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        return total;
    }
}
