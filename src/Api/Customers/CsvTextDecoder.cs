using System.Buffers;
using System.Text;

namespace SimpleCrm.Api.Customers;

/// <summary>The text of an uploaded CSV file, or why it has none: the field to name and what to tell the sender.</summary>
public sealed record DecodedCsv(string? Text, string? Field = null, string? Error = null);

/// <summary>
/// Turns an uploaded CSV file's bytes into text without ever inventing characters. A byte order mark decides
/// (UTF-8, UTF-16); else a declared encoding (the import's encoding/charset parameter, else the Content-Type
/// charset); else valid UTF-8 is UTF-8; else bytes that clearly are Windows-1252 (what Excel writes as "CSV" in
/// western locales) are read as such; anything else is refused with the line of the first invalid bytes, since
/// decoding it anyway would store U+FFFD replacement characters in place of the sender's letters.
/// </summary>
public static class CsvTextDecoder
{
    static CsvTextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static Encoding Windows1252 => Encoding.GetEncoding(1252);

    /// <summary>Bytes Windows-1252 leaves undefined: a file that has them is something else.</summary>
    private static readonly SearchValues<byte> Undefined1252 = SearchValues.Create([0x81, 0x8D, 0x8F, 0x90, 0x9D]);

    /// <summary>Punctuation a western text puts beside a letter on one side: quotes, dashes, ¿ ¡, ™ ® ©, °.</summary>
    private static readonly SearchValues<char> BesideLetters = SearchValues.Create("‘’‚“”„«»‹›–—…•™®©°¿¡");

    /// <summary>Punctuation inside a word: the apostrophe of O’Brien, the Catalan middle dot of col·legi.</summary>
    private static readonly SearchValues<char> InsideWords = SearchValues.Create("’·");

    /// <param name="declared">The encoding the sender named, or null (or "auto") to detect it.</param>
    /// <param name="declaredBy">Where the name came from, the field an unknown name is reported on.</param>
    public static DecodedCsv Decode(ReadOnlySpan<byte> bytes, string? declared, string declaredBy)
    {
        Encoding? encoding;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            encoding = Encoding.UTF8;
            bytes = bytes[3..];
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            encoding = Encoding.Unicode;
            bytes = bytes[2..];
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            encoding = Encoding.BigEndianUnicode;
            bytes = bytes[2..];
        }
        else if (string.IsNullOrWhiteSpace(declared) || declared.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            encoding = null;
        }
        else if ((encoding = Named(declared)) is null)
        {
            return new DecodedCsv(null, declaredBy,
                $"Unknown encoding '{declared}'. Use utf-8, utf-16, windows-1252, iso-8859-2, shift_jis or another IANA name, or auto to detect it.");
        }

        var (text, badLine) = DecodeStrictly(bytes, encoding ?? Encoding.UTF8);
        if (text is null && encoding is null && LooksLikeWindows1252(bytes))
        {
            text = Windows1252.GetString(bytes);
        }

        if (text is null)
        {
            var name = (encoding ?? Encoding.UTF8).WebName;
            return new DecodedCsv(null, "file", encoding is null
                ? $"Line {badLine} has bytes that are not valid UTF-8. Save the file as UTF-8 (Excel: \"CSV UTF-8\"), or name its encoding: encoding=windows-1252 in the query, or Content-Type: text/csv; charset=windows-1252."
                : $"Line {badLine} has bytes that are not valid {name}. Check which encoding the file was saved in and name that one (encoding= in the query overrides the Content-Type charset).");
        }

        // Valid bytes can still carry U+FFFD, left by an earlier conversion that lost the real letters.
        if (text.IndexOf('\uFFFD') is var lost and >= 0)
        {
            return new DecodedCsv(null, "file",
                $"Line {LineAt(text, lost)} contains U+FFFD (�), the mark of characters lost in an earlier conversion. Put the real characters back and send the file again.");
        }

        return new DecodedCsv(text);
    }

    /// <summary>
    /// Labels the way browsers read them: files called Latin-1 (ISO-8859-1, or ASCII) are Windows-1252, whose
    /// printable characters are a superset.
    /// </summary>
    private static Encoding? Named(string name)
    {
        var label = name.Trim().Trim('"').ToLowerInvariant();
        if (label is "latin1" or "latin-1" or "l1" or "iso-8859-1" or "iso8859-1" or "iso_8859-1" or "cp819" or "ascii" or "us-ascii" or "cp1252")
        {
            return Windows1252;
        }

        try
        {
            return Encoding.GetEncoding(label);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null; // unknown, or one .NET no longer decodes (UTF-7)
        }
    }

    /// <summary>The text, or null and the 1-based line of the first bytes the encoding cannot read.</summary>
    private static (string? Text, int BadLine) DecodeStrictly(ReadOnlySpan<byte> bytes, Encoding encoding)
    {
        var strict = (Encoding)encoding.Clone();
        strict.DecoderFallback = DecoderFallback.ExceptionFallback;
        var decoder = strict.GetDecoder();
        var text = new StringBuilder(bytes.Length);
        var line = 1;
        // Line by line, so a refusal can say where; the decoder carries a character split across chunks.
        while (true)
        {
            var end = bytes.IndexOf((byte)'\n') is var newline and >= 0 ? newline + 1 : bytes.Length;
            var chunk = bytes[..end];
            var last = end == bytes.Length;
            try
            {
                var chars = new char[decoder.GetCharCount(chunk, last)];
                decoder.GetChars(chunk, chars, last);
                text.Append(chars);
                line += chars.AsSpan().Count('\n');
            }
            catch (DecoderFallbackException)
            {
                return (null, line);
            }

            if (last)
            {
                return (text.ToString(), 0);
            }

            bytes = bytes[end..];
        }
    }

    /// <summary>
    /// Whether bytes that are not UTF-8 clearly are Windows-1252 text: no control or undefined bytes, no UTF-8
    /// sequences (a mixed file would turn them into "Ã©"), and its letters sit the way western words have them.
    /// Legacy Asian and Cyrillic encodings read as Windows-1252 give words of accented letters only, or symbols
    /// between letters, and are refused, so the sender names them.
    /// </summary>
    private static bool LooksLikeWindows1252(ReadOnlySpan<byte> bytes)
    {
        if (bytes.ContainsAny(Undefined1252) || HasUtf8Sequence(bytes))
        {
            return false;
        }

        var text = Windows1252.GetString(bytes);
        var wordStart = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (c < ' ' && c is not ('\t' or '\r' or '\n'))
            {
                return false;
            }

            if (char.IsLetter(c) || (wordStart >= 0 && InsideWords.Contains(c)))
            {
                wordStart = wordStart < 0 ? i : wordStart;
                continue;
            }

            if (wordStart >= 0 && !IsWesternWord(text.AsSpan(wordStart, i - wordStart)))
            {
                return false;
            }

            wordStart = -1;
            if (c >= 0x80 && c != '\u00A0')
            {
                var letterBefore = i > 0 && char.IsLetter(text[i - 1]);
                var letterAfter = i + 1 < text.Length && char.IsLetter(text[i + 1]);
                if (BesideLetters.Contains(c) ? letterBefore && letterAfter : letterBefore || letterAfter)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>A word with accented letters also has plain ones, and no more than two accented in a row ("ção").</summary>
    private static bool IsWesternWord(ReadOnlySpan<char> word)
    {
        if (word.Length == 1 || !word.ContainsAnyExceptInRange('\0', '\x7F'))
        {
            return true; // "à", "ø", or plain ASCII
        }

        var plain = false;
        var accentedInARow = 0;
        foreach (var c in word)
        {
            plain |= char.IsAsciiLetter(c);
            accentedInARow = c >= 0x80 && char.IsLetter(c) ? accentedInARow + 1 : 0;
            if (accentedInARow > 2)
            {
                return false;
            }
        }

        return plain;
    }

    private static bool HasUtf8Sequence(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] >= 0xC2 && System.Text.Rune.DecodeFromUtf8(bytes[i..], out _, out var length) == OperationStatus.Done && length > 1)
            {
                return true;
            }
        }

        return false;
    }

    private static int LineAt(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;
}
