using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Workspaces;
using SimpleCrm.Data.Activities;
using SimpleCrm.Data.Audit;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Activities;

namespace SimpleCrm.Api.Activities;

/// <summary>
/// POST /activities/{id}/attachments (multipart/form-data, one file in the field "file") and GET /attachments/{id}.
/// A file is checked completely before anything is stored: at most 10 MB (413), and a type decided by its bytes
/// (<see cref="FileSniffer"/>; anything else, executables above all, is 415). Then the bytes go to the
/// <see cref="IAttachmentStore"/> and the activity's grain commits the metadata row, timeline entry and audit row together.
/// Downloads are for whoever may see the activity's customer, and always download (never render in the page).
/// </summary>
public static class AttachmentEndpoints
{
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>Room for the multipart envelope around a file of <see cref="MaxBytes"/>.</summary>
    private const long EnvelopeBytes = 64 * 1024;

    public const string FormField = "file";

    public static RouteGroupBuilder MapAttachments(this RouteGroupBuilder api)
    {
        api.MapPost("/activities/{id:guid}/attachments", Upload).RequirePermission(Permission.CustomersWrite).WithTags("Activities").WithName("UploadAttachment")
            .WithSummary("Attach a file (multipart/form-data, field \"file\", at most 10 MB): PDF, PNG, JPEG, GIF, WebP, text, CSV, Word or Excel; the type is read from the content, executables are refused.")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // Documented here rather than with Accepts(): routing would turn other content types into 404s, and
                // the handler answers them with a 415 naming the field instead.
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["multipart/form-data"] = new()
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Required = new HashSet<string> { FormField },
                                Properties = new Dictionary<string, IOpenApiSchema> { [FormField] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                            },
                        },
                    },
                };
                return Task.CompletedTask;
            })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/attachments/{id:guid}", Download).RequirePermission(Permission.CustomersRead).WithTags("Activities").WithName("DownloadAttachment")
            .WithSummary("Download an attachment (Content-Disposition: attachment, with the type it was sniffed as).")
            .Produces(StatusCodes.Status200OK, responseType: null, contentType: FileSniffer.Accepted[0], [.. FileSniffer.Accepted.Skip(1)])
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Created<Attachment>, ProblemHttpResult>> Upload(
        HttpContext http, IGrainFactory grains, ActivityStore store, IAttachmentStore files, ILogger<IAttachmentStore> logger, Guid id)
    {
        // The request's shape first, like every other endpoint (their 415 comes before the handler runs).
        if (!http.Request.HasFormContentType || http.Request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
        {
            return FileProblem(415, "Unsupported media type", "Send the file as multipart/form-data in a field named \"file\".");
        }

        if (await ActivityEndpoints.FindVisibleAsync(http, grains, store, id) is null)
        {
            return ActivityEndpoints.NotFound(id);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes + EnvelopeBytes;
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (InvalidDataException e)
        {
            return FileProblem(400, "Invalid upload", $"The multipart body cannot be read: {e.Message}");
        }

        var uploads = form.Files.GetFiles(FormField);
        if (uploads.Count != 1 || form.Files.Count != 1)
        {
            return FileProblem(400, "Invalid upload", $"Send exactly one file, in the field \"{FormField}\".");
        }

        var upload = uploads[0];
        if (upload.Length > MaxBytes)
        {
            return TooLarge();
        }

        if (upload.Length == 0)
        {
            return FileProblem(400, "Invalid upload", "The file is empty.");
        }

        var fileName = SafeFileName(upload.FileName);
        await using var content = await SeekableAsync(upload, http.RequestAborted);
        var sniffed = FileSniffer.Sniff(content, fileName);
        if (!sniffed.Accepted)
        {
            return FileProblem(415, "Unsupported file type", sniffed.Refusal!);
        }

        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, http.RequestAborted));
        content.Position = 0;
        var attachmentId = Guid.CreateVersion7();
        var key = await files.SaveAsync(http.Workspace(), attachmentId, content, http.RequestAborted);
        CommandResult<Attachment> result;
        try
        {
            result = await grains.GetActivity(http.Workspace(), id).AddAttachmentAsync(
                new NewAttachment(attachmentId, fileName, sniffed.ContentType!, upload.Length, sha256, key, http.Caller().UserId), http.ChangeContext());
        }
        catch
        {
            await DeleteQuietlyAsync(files, key, logger);
            throw;
        }

        if (!result.IsOk)
        {
            // The activity is gone: nothing records the file.
            await DeleteQuietlyAsync(files, key, logger);
            return ActivityEndpoints.NotFound(id);
        }

        return TypedResults.Created(result.Value!.DownloadUrl, result.Value);
    }

    /// <summary>A read of personal data: audited before the file goes out.</summary>
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Download(
        HttpContext http, IGrainFactory grains, ActivityStore store, IAttachmentStore files, AuditLog audit, Guid id)
    {
        if (await store.FindAttachmentAsync(http.Workspace(), id, http.RequestAborted) is not { } stored
            || !await http.MayTouchAsync(grains, stored.CustomerId))
        {
            return NotFound(id);
        }

        var content = await files.OpenReadAsync(stored.StorageKey, http.RequestAborted);
        if (content is null)
        {
            return NotFound(id);
        }

        await audit.RecordAsync(http.Workspace(), http.ChangeContext(), "read", "attachment", id, cancellationToken: http.RequestAborted);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.Stream(content, stored.Attachment.ContentType, stored.Attachment.FileName, lastModified: stored.Attachment.CreatedAt);
    }

    /// <summary>The name without any folder part or control characters, at most 255 characters.</summary>
    public static string SafeFileName(string? name)
    {
        var baseName = (name ?? "").Replace('\\', '/');
        baseName = baseName[(baseName.LastIndexOf('/') + 1)..];
        var clean = new string(baseName.Where(c => !char.IsControl(c)).ToArray()).Trim().Trim('.');
        if (clean.Length == 0)
        {
            return "attachment";
        }

        return clean.Length <= 255 ? clean : clean[..255];
    }

    /// <summary>The upload as a seekable stream (zip-based formats are checked by their entries).</summary>
    private static async Task<Stream> SeekableAsync(IFormFile upload, CancellationToken cancellationToken)
    {
        var stream = upload.OpenReadStream();
        if (stream.CanSeek)
        {
            return stream;
        }

        var copy = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (stream)
        {
            await stream.CopyToAsync(copy, cancellationToken);
        }

        copy.Position = 0;
        return copy;
    }

    private static async Task DeleteQuietlyAsync(IAttachmentStore files, string key, ILogger logger)
    {
        try
        {
            await files.DeleteAsync(key, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "An attachment file that was not recorded ({Key}) could not be removed", key);
        }
    }

    private static ProblemHttpResult TooLarge() =>
        FileProblem(413, "File too large", $"Attachments are at most {MaxBytes / (1024 * 1024)} MB.");

    private static ProblemHttpResult FileProblem(int status, string title, string message) =>
        CommandResultHttp.FieldProblem(status, title, message, new Dictionary<string, string[]> { [FormField] = [message] });

    private static ProblemHttpResult NotFound(Guid id) => Problem.NotFound("Attachment", id);
}
