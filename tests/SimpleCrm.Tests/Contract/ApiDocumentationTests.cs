using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Contract;

/// <summary>
/// The curl examples of docs/api.md, run against a real API node: each command's request is rebuilt from its
/// words (method, URL, headers, body, with the shell variables the examples set) and sent through the
/// contract-checked client, so an example that stops working or answers off the document fails here.
/// </summary>
public sealed partial class ApiDocumentationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Every_curl_example_of_the_integrator_guide_answers_as_the_guide_says()
    {
        var variables = new Dictionary<string, string>
        {
            ["CRM"] = api.Node.Address.ToString().TrimEnd('/'),
            ["EMAIL"] = ApiNode.AdminEmail,
            ["PASSWORD"] = ApiNode.AdminPassword,
        };
        var preset = variables.Keys.ToHashSet();
        // The paging examples need more than one page.
        var crm = new CrmApiClient(api.Node.Http);
        await crm.CreateCustomerAsync("docs-1@example.com");
        await crm.CreateCustomerAsync("docs-2@example.com");

        var commands = Commands(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docs", "api.md"))).ToList();
        Assert.True(commands.Count >= 12, $"Only {commands.Count} curl commands found in docs/api.md.");
        using var http = api.Node.Client();
        foreach (var (line, expected) in commands)
        {
            var assignment = Assignment().Match(line);
            if (assignment.Success && !assignment.Groups["command"].Value.StartsWith("$(", StringComparison.Ordinal))
            {
                var name = assignment.Groups["name"].Value;
                if (!preset.Contains(name))
                {
                    variables[name] = string.Concat(Words(assignment.Groups["command"].Value, variables));
                }

                continue;
            }

            var captured = Capture().Match(line);
            var curl = captured.Success ? captured.Groups["curl"].Value : line;
            var (request, showsHeaders) = Request(Words(curl, variables));
            var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            Assert.True(expected is null ? status is >= 200 and < 300 : status == expected, $"{curl}\n→ {status} {body}");
            if (showsHeaders)
            {
                Assert.True(response.Headers.Contains("RateLimit-Remaining"), $"{curl}: no RateLimit headers");
            }

            if (captured.Success)
            {
                var field = JsonDocument.Parse(body).RootElement.GetProperty(captured.Groups["field"].Value);
                Assert.True(field.ValueKind == JsonValueKind.String, $"{curl}: .{captured.Groups["field"].Value} is {field.ValueKind} in {body}");
                variables[captured.Groups["name"].Value] = field.GetString()!;
            }
        }
    }

    /// <summary>The commands of the ```bash blocks (continuation lines joined), each with the status a "# expect N" line before it names.</summary>
    private static IEnumerable<(string Line, int? Expected)> Commands(string markdown)
    {
        foreach (Match block in BashBlock().Matches(markdown))
        {
            int? expected = null;
            foreach (var line in block.Groups["code"].Value.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
            {
                if (line.StartsWith('#'))
                {
                    expected = ExpectLine().Match(line) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : expected;
                    continue;
                }

                yield return (line, expected);
                expected = null;
            }
        }
    }

    private static (HttpRequestMessage Request, bool ShowsHeaders) Request(IReadOnlyList<string> words)
    {
        Assert.Equal("curl", words[0]);
        string? method = null, url = null, data = null, contentType = null;
        var headers = new List<(string Name, string Value)>();
        var showsHeaders = false;
        for (var i = 1; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "-s":
                    break;
                case "-i":
                    showsHeaders = true;
                    break;
                case "-X":
                    method = words[++i];
                    break;
                case "-H":
                    var header = words[++i].Split(':', 2);
                    if (header[0].Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                    {
                        contentType = header[1].Trim();
                    }
                    else
                    {
                        headers.Add((header[0].Trim(), header[1].Trim()));
                    }

                    break;
                case "-d":
                    data = words[++i];
                    break;
                case var word when word.StartsWith('-'):
                    throw new InvalidOperationException($"The test does not know the curl option {word}: teach it or leave it out of docs/api.md.");
                default:
                    url = words[i];
                    break;
            }
        }

        var request = new HttpRequestMessage(new HttpMethod(method ?? (data is null ? "GET" : "POST")), url);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        if (data is not null)
        {
            request.Content = new StringContent(data, Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType ?? "application/x-www-form-urlencoded");
        }

        return (request, showsHeaders);
    }

    /// <summary>Splits a command into words as a POSIX shell does for these examples: quotes, escapes and $VAR.</summary>
    private static List<string> Words(string command, IReadOnlyDictionary<string, string> variables)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            switch (c)
            {
                case ' ' or '\t':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }

                    break;
                case '\'':
                    var end = command.IndexOf('\'', i + 1);
                    word.Append(command, i + 1, end - i - 1);
                    i = end;
                    inWord = true;
                    break;
                case '"':
                    for (i++; command[i] != '"'; i++)
                    {
                        if (command[i] == '\\' && command[i + 1] is '"' or '\\' or '$')
                        {
                            word.Append(command[++i]);
                        }
                        else if (command[i] == '$')
                        {
                            i = Expand(command, i, variables, word);
                        }
                        else
                        {
                            word.Append(command[i]);
                        }
                    }

                    inWord = true;
                    break;
                case '\\':
                    word.Append(command[++i]);
                    inWord = true;
                    break;
                case '$':
                    i = Expand(command, i, variables, word);
                    inWord = true;
                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    private static int Expand(string command, int dollar, IReadOnlyDictionary<string, string> variables, StringBuilder word)
    {
        var name = VariableName().Match(command, dollar + 1);
        Assert.True(name.Success && name.Index == dollar + 1, $"Unsupported $ in: {command}");
        var key = name.Groups[1].Success ? name.Groups[1].Value : name.Groups[2].Value;
        Assert.True(variables.TryGetValue(key, out var value), $"${key} is used before an example sets it: {command}");
        word.Append(value);
        return dollar + name.Length;
    }

    [GeneratedRegex(@"```bash\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [GeneratedRegex(@"^#\s*expect\s+(\d{3})")]
    private static partial Regex ExpectLine();

    [GeneratedRegex(@"^(?<name>[A-Z_]+)=(?<command>.*)$")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^(?<name>[A-Z_]+)=\$\((?<curl>curl .*) \| jq -r \.(?<field>[a-z_]+)\)$")]
    private static partial Regex Capture();

    [GeneratedRegex(@"\{([A-Za-z_]+)\}|([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariableName();
}
