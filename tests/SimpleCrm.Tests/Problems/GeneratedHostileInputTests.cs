using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimpleCrm.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SimpleCrm.Tests.Problems;

/// <summary>
/// Reads the served OpenAPI document and drives hostile values into every operation it lists: NUL characters,
/// lone surrogates, huge and negative numbers, extreme dates, wrong types, deep nesting and missing bodies in
/// every body field and query parameter, garbage path parameters, wrong content types and wrong methods.
/// Never a 5xx; a refusal of input (400, 405, 413, 415, 422) writes nothing. Endpoints added later are covered
/// without editing this test.
/// </summary>
public sealed class GeneratedHostileInputTests(ApiFixture api, ITestOutputHelper output) : WorkspaceTest(api, "fuzz")
{
    /// <summary>Operations that cannot be driven over plain HTTP (none today; the hub is not in the document).</summary>
    private static readonly HashSet<string> Skipped = [];

    /// <summary>Refusals of input: the answers after which nothing may have changed.</summary>
    private static readonly HashSet<int> InputRefusals = [400, 405, 413, 415, 422];

    private const string Nul = "\"a\\u0000b\"";
    private const string LoneHigh = "\"x\\ud800\"";
    private const string LoneLow = "\"\\udc00y\"";

    /// <summary>A real id per collection segment ("customers" → a customer's id) for path parameters; other collections get a random UUID.</summary>
    private readonly Dictionary<string, string> realIds = [];
    private readonly List<string> failures = [];
    private JsonElement document;
    private int seed;
    private Random random = null!;
    private string[] checksum = [];
    private int requests;
    private HttpClient client = null!;

    protected override async Task SeedAsync()
    {
        seed = int.TryParse(Environment.GetEnvironmentVariable("HOSTILE_SEED"), out var s) ? s : Environment.TickCount;
        random = new Random(seed);
        var customer = await Crm.CreateCustomerAsync($"real-{Guid.NewGuid():N}@example.com");
        var customerId = customer.GetProperty("id").GetGuid();
        var order = await Crm.CreateOrderAsync(customerId, "#real-1", "EUR", 10m);
        var activity = await (await Http.PostJsonAsync("/api/v1/activities", new { customer_id = customerId, type = "note", subject = "real" })).JsonAsync();
        var member = await MemberAsync("agent");
        var key = await (await Http.PostJsonAsync("/api/v1/api-keys", new { name = "real", scopes = new[] { "customers.read" } })).JsonAsync();
        foreach (var (field, type) in new[] { ("score", "number"), ("since", "date"), ("note", "text") })
        {
            Assert.True((await Http.PutJsonAsync($"/api/v1/custom-fields/{field}", new { label = field, type })).IsSuccessStatusCode);
        }

        realIds["customers"] = customerId.ToString();
        realIds["orders"] = order.GetProperty("id").GetGuid().ToString();
        realIds["activities"] = activity.GetProperty("id").GetString()!;
        realIds["users"] = member.Id.ToString();
        realIds["api-keys"] = key.TryGetProperty("id", out var keyId) ? keyId.ToString() : Guid.NewGuid().ToString();
        realIds["dead-letters"] = "987654321"; // dead letters are numbered (inbox ids), not UUIDs
        realIds["custom-fields"] = "score";
        realIds["tags"] = "vip";
        document = await (await Api.Node.Anonymous.GetAsync("/openapi/v1.json")).JsonAsync();
    }

    [Fact]
    public async Task Every_operation_answers_hostile_input_without_5xx_and_writes_nothing_when_it_refuses()
    {
        var workspace = await Api.Database.CreateWorkspaceAsync(Workspace);
        client = Http;
        checksum = await ChecksumAsync(workspace);
        var operations = new List<(string Path, HttpMethod Method, JsonElement Operation)>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            var methods = path.Value.EnumerateObject().Where(o => o.Name != "parameters").ToList();
            operations.AddRange(methods.Select(o => (path.Name, new HttpMethod(o.Name.ToUpperInvariant()), o.Value)));
            var unused = new[] { "PATCH", "PUT", "DELETE", "POST", "GET" }.First(m => methods.All(o => !o.Name.Equals(m, StringComparison.OrdinalIgnoreCase)));
            await SendAsync(workspace, new HttpMethod(unused), new Hostile("wrong method", Fill(path.Name, null), null, null, Expect: 405));
        }

        // Deletes last: a hostile delete that is a valid request removes the real record other paths name
        // (an activity's attachments), and their expected refusals would turn into 404s.
        foreach (var (path, method, operation) in operations.OrderBy(o => o.Method == HttpMethod.Delete))
        {
            if (Skipped.Contains($"{method} {path}"))
            {
                continue;
            }

            foreach (var hostile in Cases(path, operation))
            {
                await SendAsync(workspace, method, hostile);
            }
        }

        output.WriteLine($"{requests} requests, seed {seed}");
        failures.ForEach(output.WriteLine);
        Assert.True(failures.Count == 0, $"HOSTILE_SEED={seed}: {failures.Count} failures, the first: {failures.FirstOrDefault()}\n{string.Join("\n", failures.Take(60))}");
    }

    private sealed record Hostile(string What, string Url, string? Body, string? ContentType, int? Expect = null, bool MustRefuse = false, HttpContent? Content = null, bool NamesBody = false);

    private IEnumerable<Hostile> Cases(string template, JsonElement operation)
    {
        var parameters = operation.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
        var body = RequestBody(operation);
        var baseline = body is { Json: true } ? Baseline(body.Schema, 0)?.ToJsonString() : null;
        var url = Fill(template, null);

        // Garbage in each path parameter, with a valid body.
        foreach (var name in parameters.Where(x => x.GetProperty("in").GetString() == "path").Select(x => x.GetProperty("name").GetString()!))
        {
            foreach (var garbage in new[] { "%00", "a%00b", "%ED%A0%80", "not-an-id", "-1", "99999999999999999999999", new string('z', 3000), "00000000-0000-0000-0000-000000000000", Uri.EscapeDataString(RandomText()) })
            {
                yield return new Hostile($"path {name}={garbage[..Math.Min(garbage.Length, 30)]}", Fill(template, (name, garbage)), baseline, body?.ContentType);
            }
        }

        // Hostile values in each query parameter (and an undocumented one).
        foreach (var parameter in parameters.Where(x => x.GetProperty("in").GetString() == "query"))
        {
            var name = parameter.GetProperty("name").GetString()!;
            foreach (var (value, mustRefuse) in QueryValues(parameter.TryGetProperty("schema", out var ps) ? Resolve(ps) : default))
            {
                yield return new Hostile($"query {name}={value}", $"{url}?{Uri.EscapeDataString(name)}={value}", baseline, body?.ContentType, MustRefuse: mustRefuse);
            }
        }

        yield return new Hostile("NUL in an undocumented parameter", $"{url}?x%00y=a%00b", baseline, body?.ContentType, MustRefuse: true);
        // A lone surrogate has no UTF-8 form; its would-be bytes decode to replacement characters.
        yield return new Hostile("lone surrogate in a query value", $"{url}?q=%ED%A0%80", baseline, body?.ContentType);

        if (body is null)
        {
            yield break;
        }

        if (!body.Json)
        {
            foreach (var hostile in RawBodyCases(url, body))
            {
                yield return hostile;
            }

            yield break;
        }

        // The body as a whole.
        // A required body that is missing is a 400 naming "$"; an optional one is checked field by field.
        yield return new Hostile("missing body", url, null, null, Expect: 400, NamesBody: body.Required);
        yield return new Hostile("empty body", url, "", body.ContentType, Expect: 400, NamesBody: body.Required);
        yield return new Hostile("null body", url, "null", body.ContentType, Expect: 400, NamesBody: body.Required);
        yield return new Hostile("array body", url, "[]", body.ContentType, Expect: 400);
        yield return new Hostile("string body", url, Nul, body.ContentType, Expect: 400);
        yield return new Hostile("broken JSON", url, "{\"a\":", body.ContentType, Expect: 400);
        yield return new Hostile("deep nesting", url, new string('[', 5000) + new string(']', 5000), body.ContentType, Expect: 400);
        yield return new Hostile("NUL in a property name", url, "{\"a\\u0000\": 1}", body.ContentType, MustRefuse: true);
        yield return new Hostile("wrong content type", url, baseline ?? "{}", "text/plain", Expect: 415);
        yield return new Hostile("form content type", url, "a=1", "application/x-www-form-urlencoded", Expect: 415);

        // Each property, one at a time, on top of a valid-looking body.
        foreach (var (pointer, schema) in Properties(body.Schema, "", 0))
        {
            foreach (var (value, mustRefuse) in BodyValues(pointer, schema))
            {
                if (WithValue(Baseline(body.Schema, 0) ?? new JsonObject(), pointer, value) is { } json)
                {
                    yield return new Hostile($"body {pointer}={Short(value)}", url, json, body.ContentType, MustRefuse: mustRefuse);
                }
            }
        }
    }

    private IEnumerable<Hostile> RawBodyCases(string url, RequestBodyInfo body)
    {
        yield return new Hostile("missing body", url, null, body.ContentType);
        yield return new Hostile("wrong content type", url, "{}", "application/json", Expect: 415);
        if (body.ContentType == "text/csv")
        {
            yield return new Hostile("NUL in a CSV cell", url, "first_name,last_name,email,country_code\nA\0n,B,nul@example.com,DE\n", body.ContentType, MustRefuse: true);
            yield return new Hostile("lone surrogate in CSV", url, "first_name,last_name,email,country_code\n\udc00,B,s@example.com,DE\n", body.ContentType);
            yield return new Hostile("binary CSV", url, new string((char)1, 50), body.ContentType);
        }
        else if (body.ContentType == "multipart/form-data")
        {
            foreach (var fileName in new[] { "a\0b.txt", "\ud800.txt", new string('n', 3000) + ".txt", "../../etc/passwd" })
            {
                var form = new MultipartFormDataContent();
                var file = new ByteArrayContent("hello"u8.ToArray());
                file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
                file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "file", FileNameStar = fileName };
                form.Add(file);
                // A file name is made safe (control characters dropped), not refused.
                yield return new Hostile($"file name {Short(fileName)}", url, null, null, Content: form);
            }

            var noFile = new MultipartFormDataContent { { new StringContent("a\0b"), "file" } };
            yield return new Hostile("text instead of a file", url, null, null, Content: noFile);
        }
    }

    private async Task SendAsync(SimpleCrm.Data.Workspaces.Workspace workspace, HttpMethod method, Hostile hostile)
    {
        requests++;
        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(method, hostile.Url);
            if (hostile.Content is not null)
            {
                request.Content = hostile.Content;
            }
            else if (hostile.Body is not null || hostile.ContentType is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(hostile.Body ?? ""));
                if (hostile.ContentType is not null)
                {
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue(hostile.ContentType) { CharSet = hostile.ContentType == "text/csv" ? "utf-8" : null };
                }
            }

            return request;
        }

        var what = $"{method} {Short(hostile.Url, 120)} [{hostile.What}]";
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(Request());
            if (response.StatusCode == HttpStatusCode.Unauthorized && hostile.Content is null)
            {
                // An earlier operation may have signed this session out (logout is one of the operations driven):
                // sign in again and repeat the request (a wrong password at sign-in stays a 401).
                client = await Api.Node.SignInAsync(Admin.Email, ApiNode.UserPassword);
                checksum = await ChecksumAsync(workspace);
                response = await client.SendAsync(Request());
            }
        }
        catch (HttpRequestException e)
        {
            failures.Add($"{what}: connection failed ({e.Message})");
            return;
        }
        catch (Infrastructure.Contract.ContractViolationException e)
        {
            failures.Add($"{what}: {Short(e.Message, 400)}");
            return;
        }

        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            failures.Add($"{what}: {status} {Short(text, 300)}");
        }
        else if (hostile.Expect is { } expected && status != expected)
        {
            failures.Add($"{what}: expected {expected}, got {status} {Short(text, 200)}");
        }
        else if (hostile.MustRefuse && status is < 400 or >= 500)
        {
            failures.Add($"{what}: accepted ({status})");
        }
        else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json"
            // Kestrel itself refuses a NUL in the path, before the application sees the request.
            && !(status == 400 && text.Length == 0 && hostile.Url.Contains("%00", StringComparison.Ordinal)))
        {
            failures.Add($"{what}: {status} is not problem details ({response.Content.Headers.ContentType})");
        }

        if (hostile.NamesBody && status == 400 && !(JsonDocument.Parse(text).RootElement.TryGetProperty("errors", out var errors) && errors.TryGetProperty("$", out _)))
        {
            failures.Add($"{what}: the problem does not name the body ('$'): {Short(text, 200)}");
        }

        if (status == 405 && response.Content.Headers.Allow.Count == 0)
        {
            failures.Add($"{what}: 405 without an Allow header");
        }

        var after = status < 300 && method != HttpMethod.Get ? await SettledChecksumAsync(workspace) : await ChecksumAsync(workspace);
        if (InputRefusals.Contains(status) && Changed(checksum, after) is { Count: > 0 } changed)
        {
            failures.Add($"{what}: {status} but the database changed ({string.Join(", ", changed)})");
        }

        checksum = after;
    }

    /// <summary>
    /// An accepted write may leave work running after its answer (a segment's first evaluation, a queued mail's
    /// delivery, a customer's metrics): wait until the rows stop changing, so what it did is not blamed on the next request.
    /// </summary>
    private async Task<string[]> SettledChecksumAsync(SimpleCrm.Data.Workspaces.Workspace workspace)
    {
        var current = await ChecksumAsync(workspace);
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(50);
            var next = await ChecksumAsync(workspace);
            if (Changed(current, next).Count == 0)
            {
                return next;
            }

            current = next;
        }

        return current;
    }

    private List<string> Changed(string[] before, string[] after) =>
        tableNames!.Where((_, i) => before.Length != after.Length || before[i] != after[i]).ToList();

    /// <summary>A digest per table of every workspace row and every table outside row-level security, except Orleans' own.</summary>
    private async Task<string[]> ChecksumAsync(SimpleCrm.Data.Workspaces.Workspace workspace)
    {
        if (checksumSql is null)
        {
            tableNames = await Api.Database.ScalarAsync<string[]>(workspace,
                "select array_agg(tablename::text order by tablename) from pg_tables where schemaname = 'public' and tablename not like 'orleans%' and tablename <> 'schema_migrations'");
            checksumSql = "select array[" + string.Join(", ", tableNames.Select(t => $"coalesce((select md5(string_agg(md5(x::text), '' order by md5(x::text))) from \"{t}\" x), '-')")) + "]";
        }

        return await Api.Database.ScalarAsync<string[]>(workspace, checksumSql);
    }

    private string? checksumSql;
    private string[]? tableNames;

    private string Fill(string template, (string Name, string Value)? garbage)
    {
        var segments = template.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i] is ['{', .. var name, '}'])
            {
                segments[i] = garbage is { } g && g.Name == name ? g.Value
                    : realIds.TryGetValue(segments[i - 1], out var id) ? Uri.EscapeDataString(id) : Guid.NewGuid().ToString();
            }
        }

        return string.Join('/', segments);
    }

    private sealed record RequestBodyInfo(string ContentType, JsonElement Schema, bool Json, bool Required);

    private RequestBodyInfo? RequestBody(JsonElement operation)
    {
        if (!operation.TryGetProperty("requestBody", out var body) || !body.TryGetProperty("content", out var content))
        {
            return null;
        }

        var first = content.EnumerateObject().First();
        var schema = first.Value.TryGetProperty("schema", out var s) ? Resolve(s) : default;
        return new RequestBodyInfo(first.Name, schema, first.Name.Contains("json", StringComparison.Ordinal),
            body.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True);
    }

    private JsonElement Resolve(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return schema;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return Resolve(document.GetProperty("components").GetProperty("schemas").GetProperty(name));
        }

        if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
        {
            return oneOf.EnumerateArray().Select(Resolve).FirstOrDefault(x => Kind(x) != "null");
        }

        return schema;
    }

    /// <summary>string, date-time, date, uuid, number, integer, boolean, array, object, enum, any or null.</summary>
    private static string Kind(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return "any";
        }

        if (schema.TryGetProperty("enum", out _))
        {
            return "enum";
        }

        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        var types = !schema.TryGetProperty("type", out var t) ? []
            : t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString()!).ToArray() : [t.GetString()!];
        var type = types.FirstOrDefault(x => x != "null") ?? (types.Length > 0 ? "null" : null);
        return (type, format) switch
        {
            (_, "date-time") => "date-time",
            (_, "date") => "date",
            (_, "uuid") => "uuid",
            (_, "double" or "float" or "decimal") => "number",
            ("string", _) => "string",
            ("number", _) => "number",
            ("integer", _) => "integer",
            ("boolean", _) => "boolean",
            ("array", _) => "array",
            ("object", _) => "object",
            ("null", _) => "null",
            _ when schema.TryGetProperty("properties", out _) => "object",
            _ => "any",
        };
    }

    /// <summary>A plausible body: required properties only, with values the API would accept where it can.</summary>
    private JsonNode? Baseline(JsonElement schema, int depth, string name = "")
    {
        schema = Resolve(schema);
        return Kind(schema) switch
        {
            "object" => BaselineObject(schema, depth),
            "array" => depth > 4 ? new JsonArray() : new JsonArray(schema.TryGetProperty("items", out var items) ? Baseline(items, depth + 1, name) : null),
            "enum" => JsonValue.Create(schema.GetProperty("enum").EnumerateArray().First().GetString()),
            "date-time" => JsonValue.Create(name.StartsWith("due", StringComparison.Ordinal) ? DateTimeOffset.UtcNow.AddDays(3) : DateTimeOffset.UtcNow.AddHours(-1)),
            "date" => JsonValue.Create(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            "uuid" => JsonValue.Create(name switch
            {
                "customer_id" => realIds["customers"],
                "order_id" => realIds["orders"],
                _ => Admin.Id.ToString(),
            }),
            "number" => JsonValue.Create(10),
            "integer" => JsonValue.Create(1),
            "boolean" => JsonValue.Create(false),
            "string" => JsonValue.Create(PlausibleText(name)),
            "any" => new JsonObject(),
            _ => null,
        };
    }

    private JsonObject BaselineObject(JsonElement schema, int depth)
    {
        var result = new JsonObject();
        if (depth > 4 || !schema.TryGetProperty("properties", out var properties))
        {
            return result;
        }

        var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()).ToHashSet() : [];
        foreach (var property in properties.EnumerateObject().Where(p => required.Contains(p.Name)))
        {
            result[property.Name] = Baseline(property.Value, depth + 1, property.Name);
        }

        return result;
    }

    private static string PlausibleText(string name) => name switch
    {
        _ when name.Contains("email", StringComparison.Ordinal) => $"fuzz-{Guid.NewGuid():N}@example.com",
        "currency" => "EUR",
        "country_code" or "country" or "shipping_country" => "DE",
        "language" => "en",
        "timezone" => "Europe/Berlin",
        "order_number" => $"#fuzz-{Guid.NewGuid():N}"[..20],
        _ => "fuzz",
    };

    /// <summary>Every property reachable in the body ("items/0/unit_price"), with its schema.</summary>
    private IEnumerable<(string Pointer, JsonElement Schema)> Properties(JsonElement schema, string prefix, int depth)
    {
        schema = Resolve(schema);
        if (depth > 3)
        {
            yield break;
        }

        if (Kind(schema) == "object" && schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                var pointer = prefix.Length == 0 ? property.Name : $"{prefix}/{property.Name}";
                var child = Resolve(property.Value);
                yield return (pointer, child);
                foreach (var nested in Properties(child, pointer, depth + 1))
                {
                    yield return nested;
                }
            }
        }
        else if (Kind(schema) == "array" && schema.TryGetProperty("items", out var items))
        {
            var pointer = $"{prefix}/0";
            var child = Resolve(items);
            if (Kind(child) is not ("object" or "array"))
            {
                yield return (pointer, child);
            }

            foreach (var nested in Properties(child, pointer, depth + 1))
            {
                yield return nested;
            }
        }
    }

    private IEnumerable<(string Json, bool MustRefuse)> BodyValues(string pointer, JsonElement schema)
    {
        var name = pointer.Split('/')[^1];
        var kind = Kind(schema);
        var strings = new[] { (Nul, true), (LoneHigh, true), (LoneLow, true), (JsonSerializer.Serialize(RandomText()), false) };
        var wrongTypes = new[] { ("{\"a\":1}", false), (new string('[', 200) + new string(']', 200), false) };
        var dates = new[] { "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1969-12-31T23:59:59Z", "2200-01-01T00:00:00Z", "0001-01-01", "-infinity", "2024-02-30T00:00:00Z" }
            .Select(d => ($"\"{d}\"", false));
        var numbers = new[] { "1e20", "-1e20", "1e400", "79228162514264337593543950336", "79228162514264337593543950335", "-79228162514264337593543950335", "9999999999999999.99995", "-0.0001", "0.000000001", "1e16", "1000000000001", "2147483648", "\"12\"", "true" }
            .Select(n => (n, false));
        IEnumerable<(string, bool)> values = kind switch
        {
            "string" => strings.Concat([(JsonSerializer.Serialize(new string('a', 20_000)), false), ("12", false)]),
            "date-time" or "date" => dates.Concat(strings.Take(2)).Append(("12", false)),
            "uuid" => new[] { ("\"00000000-0000-0000-0000-000000000000\"", false), ("\"not-a-uuid\"", false), ($"\"{Guid.NewGuid()}\"", false) }.Concat(strings.Take(1)),
            "number" or "integer" => numbers,
            "boolean" => [("\"true\"", false), ("2", false), (Nul, false)],
            "enum" => [(Nul, true), ("\"gold\"", false), ("1", false)],
            "array" => [("[" + Nul + "]", false), ("[" + string.Join(',', Enumerable.Repeat("\"t\"", 2_000)) + "]", false), (Nul, false)],
            "object" or "any" => [(Nul, false), ("{\"a\\u0000\":1}", true), ("{\"a\":" + LoneHigh + "}", true), ("{\"a\":{\"b\":" + Nul + "}}", true), ("{\"score\":1e20}", false), ("{\"score\":1e400}", false), ("{\"since\":\"0001-01-01\"}", false), ("{\"since\":\"9999-12-31\"}", false), ("{\"note\":" + Nul + "}", true)],
            _ => [],
        };
        // A documented bound is enforced: one past it is refused.
        if (kind is "number" or "integer" && schema.TryGetProperty("maximum", out var maximum))
        {
            values = values.Append(((maximum.GetDecimal() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), true));
        }

        if (kind is "number" or "integer" && schema.TryGetProperty("minimum", out var minimum))
        {
            values = values.Append(((minimum.GetDecimal() - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), true));
        }

        return kind is "object" or "any" or "array" ? values : values.Concat(wrongTypes);
    }

    private static IEnumerable<(string Value, bool MustRefuse)> QueryValues(JsonElement schema)
    {
        var kind = schema.ValueKind == JsonValueKind.Object ? Kind(schema) : "string";
        IEnumerable<(string, bool)> common = [("a%00b", true), ("%00", true), ("%ED%A0%80", false), ("%F0%9F", false), (new string('q', 5000), false)];
        var specific = kind switch
        {
            "number" or "integer" => new[] { "1e20", "-1e20", "1e400", "79228162514264337593543950336", "79228162514264337593543950335", "NaN", "Infinity", "-1", "2147483648", "0x10" },
            "date-time" or "date" => ["0001-01-01", "9999-12-31T23:59:59Z", "-infinity", "infinity", "1969-01-01", "2024-02-30", "10000-01-01"],
            "boolean" => ["maybe", "1"],
            _ => ["' or 1=1 --", "1e400", "0001-01-01", "%25%5F"],
        };
        return common.Concat(specific.Select(s => (Uri.EscapeDataString(s).Replace("%2525", "%25", StringComparison.Ordinal), false)));
    }

    /// <summary>The body text with <paramref name="json"/> at the pointer (the path created as needed); null when it cannot.</summary>
    private static string? WithValue(JsonNode root, string pointer, string json)
    {
        var parts = pointer.Split('/');
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            JsonNode? next = node switch
            {
                JsonObject o => o[parts[i]] ??= parts[i + 1] == "0" ? new JsonArray() : new JsonObject(),
                JsonArray a when int.TryParse(parts[i], out var index) => index < a.Count ? a[index] ??= new JsonObject() : null,
                _ => null,
            };
            if (next is null)
            {
                return null;
            }

            if (next is JsonArray { Count: 0 } empty && parts[i + 1] == "0")
            {
                empty.Add(parts.Length - 1 == i + 1 ? null : new JsonObject());
            }

            node = next;
        }

        // Raw JSON text (lone surrogates, 1e400) cannot go through JsonNode; a placeholder is swapped in the text.
        var marker = $"__hostile_{Guid.NewGuid():N}__";
        switch (node)
        {
            case JsonObject o:
                o[parts[^1]] = marker;
                break;
            case JsonArray a when int.TryParse(parts[^1], out var index) && index <= a.Count:
                if (index == a.Count)
                {
                    a.Add(marker);
                }
                else
                {
                    a[index] = marker;
                }

                break;
            default:
                return null;
        }

        return root.ToJsonString().Replace($"\"{marker}\"", json, StringComparison.Ordinal);
    }

    private string RandomText()
    {
        var chars = new char[random.Next(1, 40)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next(0x20, 0xD7FF);
        }

        return new string(chars);
    }

    private static string Short(string text, int max = 40) => text.Length <= max ? text : text[..max] + "…";
}
