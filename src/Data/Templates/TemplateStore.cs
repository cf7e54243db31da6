using System.Text.Json;
using Npgsql;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Data.Sessions;

namespace SimpleCrm.Data.Templates;

/// <summary>One language of a template: Liquid source for the subject, the HTML part and the plain-text part.</summary>
public sealed record TemplateVariant(string Language, string Subject, string BodyHtml, string BodyText);

/// <summary>A template as stored.</summary>
public sealed record TemplateRow(Guid Id, string Name, string Kind, string DefaultLanguage, IReadOnlyList<TemplateVariant> Variants, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>What a create or a full replace writes.</summary>
public sealed record TemplateContent(string Name, string Kind, string DefaultLanguage, IReadOnlyList<TemplateVariant> Variants);

/// <summary>Another template of the workspace already has this name.</summary>
public sealed class DuplicateTemplateNameException(string name) : Exception($"A template named '{name}' already exists.");

/// <summary>A workspace's message templates (row-level security, and every query names the workspace too).</summary>
public sealed class TemplateStore(CrmDatabase database)
{
    private const string Columns = "id, name, kind, default_language, variants::text as variants, created_at, updated_at";
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<TemplateRow> CreateAsync(WorkspaceId workspace, TemplateContent content, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var row = await WriteAsync(content, () => session.QuerySingleOrDefaultAsync<Stored>($"""
            insert into message_templates (workspace_id, id, name, kind, default_language, variants)
            values (@workspace, @id, @name, @kind, @language, @variants::jsonb)
            returning {Columns}
            """, Parameters(workspace, Guid.CreateVersion7(), content), cancellationToken));
        await session.CommitAsync(cancellationToken);
        return row!.ToRow();
    }

    public async Task<TemplateRow?> ReplaceAsync(WorkspaceId workspace, Guid id, TemplateContent content, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var row = await WriteAsync(content, () => session.QuerySingleOrDefaultAsync<Stored>($"""
            update message_templates
            set name = @name, kind = @kind, default_language = @language, variants = @variants::jsonb, updated_at = now()
            where workspace_id = @workspace and id = @id
            returning {Columns}
            """, Parameters(workspace, id, content), cancellationToken));
        await session.CommitAsync(cancellationToken);
        return row?.ToRow();
    }

    public async Task<IReadOnlyList<TemplateRow>> ListAsync(WorkspaceId workspace, string? kind, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QueryAsync<Stored>(
            $"select {Columns} from message_templates where workspace_id = @workspace and (@kind::text is null or kind = @kind) order by lower(name), id",
            new { workspace = workspace.Value, kind }, cancellationToken)).Select(s => s.ToRow()).ToList();
    }

    public async Task<TemplateRow?> FindAsync(WorkspaceId workspace, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        return (await session.QuerySingleOrDefaultAsync<Stored>(
            $"select {Columns} from message_templates where workspace_id = @workspace and id = @id",
            new { workspace = workspace.Value, id }, cancellationToken))?.ToRow();
    }

    public async Task<bool> DeleteAsync(WorkspaceId workspace, Guid id, CancellationToken cancellationToken = default)
    {
        await using var session = await database.BeginAsync(workspace, cancellationToken);
        var deleted = await session.ExecuteAsync("delete from message_templates where workspace_id = @workspace and id = @id",
            new { workspace = workspace.Value, id }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    private static object Parameters(WorkspaceId workspace, Guid id, TemplateContent content) => new
    {
        workspace = workspace.Value,
        id,
        name = content.Name,
        kind = content.Kind,
        language = content.DefaultLanguage,
        variants = JsonSerializer.Serialize(content.Variants, Json),
    };

    private static async Task<T> WriteAsync<T>(TemplateContent content, Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new DuplicateTemplateNameException(content.Name);
        }
    }

    private sealed class Stored
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public string DefaultLanguage { get; init; } = "";
        public string Variants { get; init; } = "[]";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }

        public TemplateRow ToRow() =>
            new(Id, Name, Kind, DefaultLanguage, JsonSerializer.Deserialize<List<TemplateVariant>>(Variants, Json) ?? [], CreatedAt, UpdatedAt);
    }
}
