using System.Text.RegularExpressions;
using SimpleCrm.Contracts.Common;

namespace SimpleCrm.Api.Activities;

/// <summary>
/// Where attachment bytes live. Metadata (name, sniffed type, size, SHA-256, key) is in PostgreSQL
/// (activity_attachments); the store only keeps bytes under a key it chose. The local-disk store is the default; an
/// S3-compatible store can implement the same three operations.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>Stores the content (read from its current position to the end) and returns its key.</summary>
    Task<string> SaveAsync(WorkspaceId workspace, Guid attachmentId, Stream content, CancellationToken cancellationToken);

    /// <summary>The content, or null when nothing is stored under the key (any more).</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes the content; a key with nothing stored is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

public sealed class AttachmentOptions
{
    public const string Section = "Crm:Attachments";

    /// <summary>Folder of the local-disk store; relative paths are taken from the content root.</summary>
    public string Path { get; set; } = ".crm/attachments";
}

/// <summary>
/// Attachments on the local disk: <c>&lt;folder&gt;/&lt;workspace id&gt;/&lt;attachment id&gt;</c>. Keys are made of two
/// UUIDs only and checked when read, so a key can never name a path outside the folder. Files are written under a
/// temporary name and renamed, so a half-written file is never served.
/// </summary>
public sealed partial class LocalDiskAttachmentStore(string root) : IAttachmentStore
{
    public string Root { get; } = System.IO.Path.GetFullPath(root);

    public async Task<string> SaveAsync(WorkspaceId workspace, Guid attachmentId, Stream content, CancellationToken cancellationToken)
    {
        var key = $"{workspace.Value:D}/{attachmentId:D}";
        var path = PathOf(key);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temporary = path + ".part";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken);
            }

            File.Move(temporary, path, overwrite: false);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        return key;
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Stream? stream = File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
        return Task.FromResult(stream);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        if (!KeyPattern().IsMatch(key))
        {
            throw new ArgumentException("Not an attachment key of this store.", nameof(key));
        }

        return System.IO.Path.Combine(Root, key.Replace('/', System.IO.Path.DirectorySeparatorChar));
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex KeyPattern();
}
