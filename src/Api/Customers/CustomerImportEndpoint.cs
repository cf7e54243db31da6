using SimpleCrm.Domain.Common;
using SimpleCrm.Api.Access;
using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using SimpleCrm.Api.Lists;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Workspaces;
using SimpleCrm.Data.Customers;
using SimpleCrm.Data.Identity;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Contracts.Customers;

namespace SimpleCrm.Api.Customers;

public sealed record ImportRowError(int Row, string Field, string Message);

public sealed record ImportReport(int Rows, int Valid, int Invalid, int Created, int Updated, int Skipped, bool DryRun, IReadOnlyList<ImportRowError> Errors);

/// <summary>
/// POST /customers/import (text/csv, the export's columns). Every row is validated before anything is
/// written; by default one bad row rejects the file (422 with the row-level report), or with
/// mode=skip_invalid the good rows go in. Rows upsert by email or by an external id, each through its
/// customer's grain, so an interrupted import can simply be sent again.
/// </summary>
public static class CustomerImportEndpoint
{
    public const long MaxBytes = 20 * 1024 * 1024;
    public const int MaxRows = 50_000;
    private static readonly string[] Required = ["first_name", "last_name", "email", "country_code"];

    /// <summary>Columns the export writes that an import ignores (derived or assigned by the CRM).</summary>
    private static readonly HashSet<string> Ignored =
        ["id", "lifetime_value", "lifetime_value_usd", "total_orders", "average_order_value", "first_order_date", "last_order_date", "created_at", "updated_at"];

    public static RouteGroupBuilder MapCustomerImport(this RouteGroupBuilder customers)
    {
        customers.MapPost("/import", Import).RequirePermission(Permission.CustomersBulk).WithName("ImportCustomers")
            .WithSummary("Import customers from CSV (the export's columns; first_name, last_name, email, country_code required). Query: mode=all_or_nothing|skip_invalid, match=email|external_id:<source>, dry_run=true.")
            .Accepts<string>("text/csv")
            .Produces<ImportReport>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return customers;
    }

    private sealed record ParsedRow(int Row, CustomerProfile Profile, HashSet<string> Columns);

    private static async Task<IResult> Import(HttpContext http, IGrainFactory grains, CustomerQueries queries, UserDirectory users)
    {
        var query = new QueryReader(http.Request.Query);
        var mode = query.Text("mode", 20) ?? "all_or_nothing";
        var match = query.Text("match", 40) ?? "email";
        var dryRun = query.Flag("dry_run");
        var encoding = query.Text("encoding", 40);
        var charset = query.Text("charset", 40);
        if (encoding is not null && charset is not null && !encoding.Equals(charset, StringComparison.OrdinalIgnoreCase))
        {
            query.Fail("encoding", "Give encoding or charset, not two different ones.");
        }

        if (mode is not ("all_or_nothing" or "skip_invalid"))
        {
            query.Fail("mode", "all_or_nothing or skip_invalid.");
        }

        string? matchSource = match.StartsWith("external_id:", StringComparison.Ordinal) ? match["external_id:".Length..] : null;
        if (match != "email" && string.IsNullOrEmpty(matchSource))
        {
            query.Fail("match", "email or external_id:<source>.");
        }

        if (!query.Complete())
        {
            return Problem.InvalidQuery(query.Errors);
        }

        if (http.Request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) != true)
        {
            return TypedResults.Problem(statusCode: 415, title: "Unsupported media type", detail: "Send the file as text/csv.");
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes;
        }

        // The whole file (at most MaxBytes) is read first: its encoding is decided on all of its bytes.
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        var (declared, declaredBy) = encoding is not null ? (encoding, "encoding") : charset is not null ? (charset, "charset") : (ContentTypeCharset(http.Request.ContentType), "Content-Type");
        var decoded = CsvTextDecoder.Decode(body.GetBuffer().AsSpan(0, (int)body.Length), declared, declaredBy);
        if (decoded.Text is null)
        {
            return CommandResultHttp.FieldProblem(400, "Unreadable CSV encoding", $"{decoded.Error} Nothing was imported.", new Dictionary<string, string[]> { [decoded.Field!] = [decoded.Error!] });
        }

        var errors = new List<ImportRowError>();
        List<ParsedRow> rows;
        try
        {
            rows = await ParseAsync(new StringReader(decoded.Text), errors, http.RequestAborted);
        }
        catch (InvalidHeaderException e)
        {
            return CommandResultHttp.FieldProblem(400, "Invalid CSV header", e.Message, new Dictionary<string, string[]> { ["header"] = [e.Message] });
        }
        catch (UnstorableCellException e)
        {
            return CommandResultHttp.FieldProblem(400, "Invalid CSV cell", $"{e.Message} Nothing was imported.", new Dictionary<string, string[]> { [e.Field] = [e.Message] });
        }
        catch (CsvHelperException e) when (e is BadDataException or ParserException or ReaderException)
        {
            var line = e.Context?.Parser?.RawRow ?? 0;
            return CommandResultHttp.FieldProblem(400, "Malformed CSV", $"The CSV is malformed near line {line} (check its quoting). Nothing was imported.",
                new Dictionary<string, string[]> { ["file"] = [$"Malformed near line {line}."] });
        }

        await RefuseUnknownOwnersAsync(http.Caller(), users, rows, errors, http.RequestAborted);
        if (rows.Count + errors.Select(e => e.Row).Distinct().Count() > MaxRows)
        {
            return CommandResultHttp.FieldProblem(400, "Too many rows", $"At most {MaxRows} rows per import.", new Dictionary<string, string[]> { ["file"] = [$"At most {MaxRows} rows."] });
        }

        var invalidRows = errors.Select(e => e.Row).Distinct().Count();
        var total = rows.Count + invalidRows;
        if (invalidRows > 0 && mode == "all_or_nothing")
        {
            var report = new ImportReport(total, rows.Count, invalidRows, 0, 0, total, dryRun, errors);
            var problem = new HttpValidationProblemDetails(errors.GroupBy(e => $"rows[{e.Row}].{e.Field}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "The file has invalid rows",
                Detail = $"{invalidRows} of {total} rows are invalid; nothing was imported. Fix them, or import with mode=skip_invalid.",
            };
            problem.Extensions["report"] = report;
            return TypedResults.Problem(problem);
        }

        if (dryRun)
        {
            return TypedResults.Ok(new ImportReport(total, rows.Count, invalidRows, 0, 0, invalidRows, true, errors));
        }

        var workspace = http.Workspace();
        var existing = matchSource is null
            ? await queries.IdsByEmailAsync(workspace, rows.Select(r => r.Profile.Email).ToList(), http.RequestAborted)
            : await queries.IdsByExternalIdAsync(workspace, matchSource, rows.Select(r => r.Profile.ExternalIds.GetValueOrDefault(matchSource, "")).ToList(), http.RequestAborted);
        var context = http.ChangeContext();
        var created = 0;
        var updated = 0;
        var writeErrors = new System.Collections.Concurrent.ConcurrentBag<ImportRowError>();
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (row, _) =>
        {
            var key = matchSource is null ? row.Profile.Email.ToLowerInvariant() : row.Profile.ExternalIds.GetValueOrDefault(matchSource, "");
            if (existing.TryGetValue(key, out var id))
            {
                var grain = grains.GetCustomer(workspace, id);
                var current = await grain.GetAsync();
                var result = current is null ? null : await grain.UpdateAsync(Merge(current.Profile, row), current.Version, context);
                Count(result, row, ref updated);
            }
            else
            {
                Count(await grains.GetCustomer(workspace, Guid.CreateVersion7()).CreateAsync(row.Profile, context), row, ref created);
            }
        });

        void Count(SimpleCrm.Contracts.Common.CommandResult<CustomerSnapshot>? result, ParsedRow row, ref int counter)
        {
            if (result?.IsOk == true)
            {
                Interlocked.Increment(ref counter);
                return;
            }

            foreach (var (field, messages) in result?.Errors ?? new Dictionary<string, string[]> { ["row"] = ["The customer changed during the import; send the file again."] })
            {
                writeErrors.Add(new ImportRowError(row.Row, field, string.Join(" ", messages)));
            }
        }

        var allErrors = errors.Concat(writeErrors).OrderBy(e => e.Row).ToList();
        return TypedResults.Ok(new ImportReport(total, rows.Count, invalidRows, created, updated, total - created - updated, false, allErrors));
    }

    /// <summary>PostgreSQL cannot store a NUL character: such a file is refused whole, naming the row and column.</summary>
    private static void RefuseUnstorableCells(string[]? cells, string[] header, int row)
    {
        for (var i = 0; i < (cells?.Length ?? 0); i++)
        {
            if (StorableText.Problem(cells![i]) is { } problem)
            {
                var column = i < header.Length ? header[i] : $"column {i + 1}";
                throw new UnstorableCellException($"rows[{row}].{column}", $"Row {row}, column {column}: {problem}");
            }
        }
    }

    private sealed class UnstorableCellException(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }

    /// <summary>Reads and validates every row; valid ones are returned, problems go to <paramref name="errors"/>.</summary>
    private static async Task<List<ParsedRow>> ParseAsync(TextReader reader, List<ImportRowError> errors, CancellationToken cancellationToken)
    {
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = false, BadDataFound = args => throw new BadDataException(args.Field, args.RawRecord, args.Context, "Bad data") });
        if (!await csv.ReadAsync() || !csv.ReadHeader())
        {
            throw new InvalidHeaderException("The file is empty: expected a header row.");
        }

        var header = csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var unknown = header.Where(h => !CustomerCsv.Columns.Contains(h)).ToList();
        var missing = Required.Where(r => !header.Contains(r)).ToList();
        if (unknown.Count > 0 || missing.Count > 0)
        {
            throw new InvalidHeaderException(string.Join(" ",
                new[] { unknown.Count > 0 ? $"Unknown columns: {string.Join(", ", unknown)}." : null, missing.Count > 0 ? $"Missing columns: {string.Join(", ", missing)}." : null }.Where(s => s is not null)));
        }

        var rows = new List<ParsedRow>();
        var emails = new Dictionary<string, int>();
        var rowNumber = 1;
        while (await csv.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            rowNumber++;
            RefuseUnstorableCells(csv.Parser.Record, header, rowNumber);
            string? Field(string name) => Array.IndexOf(header, name) is var i and >= 0 ? CustomerCsv.Restore(NullIfEmpty(csv.GetField(i))) : null;
            var rowErrors = new List<ImportRowError>();
            var profile = new CustomerProfile
            {
                FirstName = Field("first_name") ?? "",
                LastName = Field("last_name") ?? "",
                Email = Field("email") ?? "",
                Phone = Field("phone"),
                CompanyName = Field("company_name"),
                CountryCode = Field("country_code") ?? "",
                Region = Field("region"),
                City = Field("city"),
                PostalCode = Field("postal_code"),
                Timezone = Field("timezone") ?? "",
                Language = Field("language") ?? "",
                Currency = Field("currency") ?? "",
                Status = ParseStatus(Field("status"), rowNumber, rowErrors),
                Tags = Field("tags")?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [],
                CustomFieldsJson = Field("custom_fields") ?? "{}",
                ExternalIds = ParseExternalIds(Field("external_ids"), rowNumber, rowErrors),
                OwnerId = Field("owner_id") is { } owner ? (Guid.TryParse(owner, out var g) ? g : Fail<Guid?>(rowErrors, rowNumber, "owner_id", "Not a UUID.")) : null,
            };
            var (prepared, problems) = CustomerProfiles.Prepare(profile);
            rowErrors.AddRange(problems.SelectMany(p => p.Value.Select(m => new ImportRowError(rowNumber, p.Key, m))));
            if (rowErrors.Count == 0 && emails.TryGetValue(prepared.Email.ToLowerInvariant(), out var firstRow))
            {
                rowErrors.Add(new ImportRowError(rowNumber, "email", $"Row {firstRow} has the same email."));
            }

            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors);
                continue;
            }

            emails[prepared.Email.ToLowerInvariant()] = rowNumber;
            rows.Add(new ParsedRow(rowNumber, prepared, header.Where(h => !Ignored.Contains(h)).ToHashSet()));
        }

        return rows;
    }

    /// <summary>As on a single edit, an owner must be a member of this workspace: rows naming anyone else are invalid.</summary>
    private static async Task RefuseUnknownOwnersAsync(Caller caller, UserDirectory users, List<ParsedRow> rows, List<ImportRowError> errors, CancellationToken cancellationToken)
    {
        if (!rows.Any(r => r.Profile.OwnerId is not null))
        {
            return;
        }

        var members = (await users.ListAsync(caller.Workspace.Value, cancellationToken)).Select(u => u.Id).ToHashSet();
        foreach (var row in rows.Where(r => r.Profile.OwnerId is { } owner && !members.Contains(owner)))
        {
            errors.Add(new ImportRowError(row.Row, "owner_id", $"No team member {row.Profile.OwnerId} in this workspace."));
        }

        rows.RemoveAll(r => r.Profile.OwnerId is { } owner && !members.Contains(owner));
    }

    /// <summary>An update changes only the columns the file has; the rest of the customer stays as it is.</summary>
    private static CustomerProfile Merge(CustomerProfile current, ParsedRow row)
    {
        var p = row.Profile;
        bool Has(string column) => row.Columns.Contains(column);
        return current with
        {
            FirstName = p.FirstName,
            LastName = p.LastName,
            Email = p.Email,
            CountryCode = p.CountryCode,
            Phone = Has("phone") ? p.Phone : current.Phone,
            CompanyName = Has("company_name") ? p.CompanyName : current.CompanyName,
            Region = Has("region") ? p.Region : current.Region,
            City = Has("city") ? p.City : current.City,
            PostalCode = Has("postal_code") ? p.PostalCode : current.PostalCode,
            Timezone = Has("timezone") ? p.Timezone : current.Timezone,
            Language = Has("language") ? p.Language : current.Language,
            Currency = Has("currency") ? p.Currency : current.Currency,
            Status = Has("status") ? p.Status : current.Status,
            Tags = Has("tags") ? p.Tags : current.Tags,
            CustomFieldsJson = Has("custom_fields") ? p.CustomFieldsJson : current.CustomFieldsJson,
            ExternalIds = Has("external_ids") ? p.ExternalIds : current.ExternalIds,
            OwnerId = Has("owner_id") ? p.OwnerId : current.OwnerId,
        };
    }

    private static CustomerStatus ParseStatus(string? value, int row, List<ImportRowError> errors)
    {
        if (value is null)
        {
            return CustomerStatus.Active;
        }

        if (Enum.TryParse<CustomerStatus>(value, ignoreCase: true, out var status) && Enum.IsDefined(status) && !int.TryParse(value, out _))
        {
            return status;
        }

        return Fail<CustomerStatus>(errors, row, "status", $"'{value}' is not one of active, inactive, vip, blocked.");
    }

    private static IReadOnlyDictionary<string, string> ParseExternalIds(string? value, int row, List<ImportRowError> errors)
    {
        if (value is null)
        {
            return new Dictionary<string, string>();
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(value) ?? [];
        }
        catch (JsonException)
        {
            return Fail<Dictionary<string, string>>(errors, row, "external_ids", "Must be a JSON object of strings, e.g. {\"shopify\":\"123\"}.") ?? [];
        }
    }

    private static T? Fail<T>(List<ImportRowError> errors, int row, string field, string message)
    {
        errors.Add(new ImportRowError(row, field, message));
        return default;
    }

    private static string? ContentTypeCharset(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type) && type.Charset.HasValue ? type.Charset.Value : null;

    private sealed class InvalidHeaderException(string message) : Exception(message);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
