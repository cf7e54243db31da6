using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Activities;

/// <summary>Attachments: stored with the type their bytes show, downloaded only by who may see the customer, refused whole when bad.</summary>
public sealed class AttachmentTests(ApiFixture api) : ActivityTest(api, "att")
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01];

    [Fact]
    public async Task A_file_is_stored_with_its_sniffed_type_and_downloaded_intact()
    {
        var customer = await CustomerAsync();
        var activity = (await ActivityAsync(new { customer_id = customer, type = "note", description = "Photo of the damaged parcel" })).GetProperty("id").GetGuid();

        // A PNG that claims to be something else: the bytes win.
        var upload = await UploadAsync(Http, activity, Png, "parcel.bin", "application/octet-stream");
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var attachment = await upload.JsonAsync();
        Assert.Equal(("image/png", Png.Length, "parcel.bin"),
            (attachment.GetProperty("content_type").GetString(), attachment.GetProperty("size_bytes").GetInt32(), attachment.GetProperty("file_name").GetString()));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Png)), attachment.GetProperty("sha256").GetString());
        var url = attachment.GetProperty("download_url").GetString()!;
        Assert.Equal(upload.Headers.Location?.ToString(), url);

        var download = await Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Png, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        // Text is text (CSV by its name), Word and Excel are zips with their parts.
        Assert.Equal("text/csv", await SniffedAsync(activity, Encoding.UTF8.GetBytes("sku;qty\nA-1;2\n"), "order.csv"));
        Assert.Equal("text/plain", await SniffedAsync(activity, Encoding.UTF8.GetBytes("Grüße aus Köln — 東京"), "note"));
        Assert.Equal("application/pdf", await SniffedAsync(activity, Encoding.ASCII.GetBytes("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"), "invoice.pdf"));
        Assert.Equal("image/jpeg", await SniffedAsync(activity, [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46], "a.jpg"));
        Assert.Equal("image/gif", await SniffedAsync(activity, Encoding.ASCII.GetBytes("GIF89a\x01\x00\x01\x00"), "a.gif"));
        Assert.Equal("image/webp", await SniffedAsync(activity, Encoding.ASCII.GetBytes("RIFF\x10\x00\x00\x00WEBPVP8 "), "a.webp"));
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            await SniffedAsync(activity, Zip("[Content_Types].xml", "word/document.xml"), "contract.docx"));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            await SniffedAsync(activity, Zip("[Content_Types].xml", "xl/workbook.xml"), "prices.xlsx"));

        var read = await Crm.GetAsync($"/api/v1/activities/{activity}");
        Assert.Equal(9, read.GetProperty("attachments").GetArrayLength());
        Assert.Equal("parcel.bin", read.GetProperty("attachments")[0].GetProperty("file_name").GetString());
        var workspace = await Api.Database.CreateWorkspaceAsync(Workspace);
        Assert.Equal(9, await Api.Database.ScalarAsync<long>(workspace, "select count(*) from timeline_entries where kind = 'activity.attachment_added' and customer_id = @customer", new { customer }));

        // Deleting the activity removes its attachments, rows and files.
        var files = Api.StoredFiles();
        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/v1/activities/{activity}")).StatusCode);
        Assert.Equal(files - 9, Api.StoredFiles());
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Oversized_executable_and_unknown_files_are_refused_and_nothing_is_stored()
    {
        var customer = await CustomerAsync();
        var activity = (await ActivityAsync(new { customer_id = customer, type = "note", description = "Documents" })).GetProperty("id").GetGuid();
        var before = (Rows: await RowsAsync(), Files: Api.StoredFiles());

        var oversized = new byte[(10 * 1024 * 1024) + 1];
        Array.Fill(oversized, (byte)'a');
        await ExpectRefusedAsync(activity, oversized, "big.txt", "text/plain", HttpStatusCode.RequestEntityTooLarge);

        var windowsExe = new byte[512];
        "MZ"u8.CopyTo(windowsExe);
        await ExpectRefusedAsync(activity, windowsExe, "invoice.pdf", "application/pdf", HttpStatusCode.UnsupportedMediaType);
        await ExpectRefusedAsync(activity, [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00], "photo.png", "image/png", HttpStatusCode.UnsupportedMediaType);
        await ExpectRefusedAsync(activity, Encoding.ASCII.GetBytes("#!/bin/sh\nrm -rf /\n"), "notes.txt", "text/plain", HttpStatusCode.UnsupportedMediaType);
        await ExpectRefusedAsync(activity, [0xCF, 0xFA, 0xED, 0xFE, 0x07, 0x00, 0x00, 0x01], "report.csv", "text/csv", HttpStatusCode.UnsupportedMediaType);
        await ExpectRefusedAsync(activity, Zip("payload.exe"), "archive.docx", "application/zip", HttpStatusCode.UnsupportedMediaType);
        await ExpectRefusedAsync(activity, [0x00, 0x01, 0x02, 0x03, 0xFF, 0xFE], "data.txt", "text/plain", HttpStatusCode.UnsupportedMediaType);

        // Not multipart at all, no file, an empty file.
        var json = await Http.PostJsonAsync($"/api/v1/activities/{activity}/attachments", new { file = "aGVsbG8=" });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        using (var noFile = new MultipartFormDataContent { { new StringContent("x"), "comment" } })
        {
            var response = await Http.PostAsync($"/api/v1/activities/{activity}/attachments", noFile);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("file", out _));
        }

        await ExpectRefusedAsync(activity, [], "empty.txt", "text/plain", HttpStatusCode.BadRequest);

        Assert.Equal(before, (await RowsAsync(), Api.StoredFiles()));
        Assert.Equal(0, (await Crm.GetAsync($"/api/v1/activities/{activity}")).GetProperty("attachments").GetArrayLength());
    }

    [Fact]
    public async Task Only_those_who_may_see_the_customer_upload_or_download()
    {
        var agent = await MemberAsync("agent");
        var reader = await MemberAsync("readonly");
        var theirs = await CustomerAsync(owner: agent.Id);
        var notTheirs = await CustomerAsync();
        var visible = (await ActivityAsync(new { customer_id = theirs, type = "note", description = "a" })).GetProperty("id").GetGuid();
        var hidden = (await ActivityAsync(new { customer_id = notTheirs, type = "note", description = "b" })).GetProperty("id").GetGuid();
        var hiddenFile = (await (await UploadAsync(Http, hidden, Png, "secret.png", "image/png")).JsonAsync()).GetProperty("download_url").GetString()!;

        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(agent.Http, visible, Png, "mine.png", "image/png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await UploadAsync(agent.Http, hidden, Png, "theirs.png", "image/png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.Http.GetAsync(hiddenFile)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.Http.GetAsync(hiddenFile)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(reader.Http, visible, Png, "ro.png", "image/png")).StatusCode);

        // Another workspace does not see it at all.
        var stranger = await Api.Node.UserAsync($"attx-{Guid.NewGuid():N}"[..20], "admin");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync(hiddenFile)).StatusCode);
    }

    private async Task<(long Attachments, long Timeline, long Audit)> RowsAsync() =>
        (await CountAsync("activity_attachments"), await CountAsync("timeline_entries"), await CountAsync("audit_log where action <> 'read'"));

    private async Task ExpectRefusedAsync(Guid activity, byte[] content, string name, string claimed, HttpStatusCode expected)
    {
        var response = await UploadAsync(Http, activity, content, name, claimed);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{name}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"file\"", body);
    }

    private async Task<string?> SniffedAsync(Guid activity, byte[] content, string name)
    {
        var response = await UploadAsync(Http, activity, content, name, "application/octet-stream");
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.JsonAsync()).GetProperty("content_type").GetString();
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient http, Guid activity, byte[] content, string name, string claimed)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(claimed);
        form.Add(file, "file", name);
        return await http.PostAsync($"/api/v1/activities/{activity}/attachments", form);
    }

    private static byte[] Zip(params string[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
                writer.Write("<x/>");
            }
        }

        return buffer.ToArray();
    }
}
