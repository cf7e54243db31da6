using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Values;
using SimpleCrm.Data.Templates;

namespace SimpleCrm.Api.Templates;

/// <summary>A subject, HTML part and plain-text part rendered for one customer, and the language chosen.</summary>
public sealed record RenderedMessage(string Language, string Subject, string BodyHtml, string BodyText);

/// <summary>A template could not be parsed, or stopped while running; Field names the variant's field ("subject", "body_html", "body_text").</summary>
public sealed class TemplateFailure(string field, string reason) : Exception(reason)
{
    public string Field { get; } = field;
}

/// <summary>
/// Liquid (Fluid) with the sandbox a template written by any team member needs: no file includes, a bounded
/// number of steps (a loop over a huge range is stopped), bounded output and a wall-clock limit. HTML parts
/// are HTML-encoded by default, so a customer named &lt;script&gt; stays text; subject and plain text are not.
/// Variables: customer, order (the latest), agent, shop. Filters: money (in a currency, in the customer's
/// language), local_date (in the customer's time zone and language).
/// </summary>
public sealed partial class TemplateRenderer
{
    public const int MaxSourceLength = 100_000;
    private const int MaxSteps = 200_000;
    private const int MaxOutputSize = 512 * 1024;
    private static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(2);

    private const int MaxCachedSources = 256;

    private readonly FluidParser parser = new();

    // Parsed sources by their text: a bulk send renders the same few variants for every recipient, and a parsed
    // Fluid template is immutable, so rendering it from many threads at once is safe.
    private readonly ConcurrentDictionary<string, IFluidTemplate> parsed = new(StringComparer.Ordinal);
    private readonly TemplateOptions options = new TemplateOptionsBuilder()
        .WithMaxSteps(MaxSteps)
        .WithMaxOutputSize(MaxOutputSize)
        .WithMaxRecursion(20)
        .WithFileProvider(new NoFiles())
        .AddFilter("money", Money)
        .AddFilter("local_date", LocalDate)
        .Build();

    /// <summary>The reason the source does not parse, as "line N, column M: reason"; null when it parses.</summary>
    public string? ParseProblem(string source)
    {
        if (source.Length > MaxSourceLength)
        {
            return $"At most {MaxSourceLength} characters.";
        }

        return parser.TryParse(source, out _, out var error) ? null : Located(error);
    }

    /// <summary>Chooses the variant by the fallback chain (customer language, template default, English) and renders it.</summary>
    public async Task<RenderedMessage> RenderAsync(TemplateRow template, RecipientFacts facts, CancellationToken cancellationToken)
    {
        var variant = Choose(template, facts.Customer.Language);
        var culture = CultureFor(facts.Customer.Language);
        var zone = ZoneFor(facts.Customer.Timezone);
        var subject = await RenderPartAsync("subject", variant.Subject, facts, culture, zone, NullEncoder.Default, cancellationToken);
        return new RenderedMessage(
            variant.Language,
            OneLine(subject),
            await RenderPartAsync("body_html", variant.BodyHtml, facts, culture, zone, HtmlEncoder.Default, cancellationToken),
            await RenderPartAsync("body_text", variant.BodyText, facts, culture, zone, NullEncoder.Default, cancellationToken));
    }

    /// <summary>The customer's language, else the template's default language, else English, else the first variant.</summary>
    public static TemplateVariant Choose(TemplateRow template, string? customerLanguage)
    {
        foreach (var language in new[] { customerLanguage, template.DefaultLanguage, "en" })
        {
            if (Primary(language) is { } wanted && template.Variants.FirstOrDefault(v => Primary(v.Language) == wanted) is { } variant)
            {
                return variant;
            }
        }

        return template.Variants[0];
    }

    private async Task<string> RenderPartAsync(string field, string source, RecipientFacts facts, CultureInfo culture, TimeZoneInfo zone, TextEncoder encoder, CancellationToken cancellationToken)
    {
        var template = Parse(field, source);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(MaxDuration);
        var context = new TemplateContext(options, StringComparer.Ordinal)
        {
            CultureInfo = culture,
            TimeZone = zone,
            CancellationToken = deadline.Token,
        };
        context.SetValue("customer", FluidValue.Create(Variables.Customer(facts.Customer), options));
        context.SetValue("order", facts.LatestOrder is { } order ? FluidValue.Create(Variables.Order(order), options) : NilValue.Instance);
        context.SetValue("agent", facts.Agent is { } agent ? FluidValue.Create(Variables.Agent(agent), options) : NilValue.Instance);
        context.SetValue("shop", FluidValue.Create(Variables.Shop(facts.WorkspaceName), options));
        try
        {
            return await template.RenderAsync(context, encoder);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TemplateFailure(field, $"Stopped: the template ran longer than {MaxDuration.TotalSeconds:0} seconds.");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or NotSupportedException or InvalidCastException)
        {
            throw new TemplateFailure(field, $"Stopped: {e.Message}");
        }
    }

    private IFluidTemplate Parse(string field, string source)
    {
        if (parsed.TryGetValue(source, out var cached))
        {
            return cached;
        }

        if (!parser.TryParse(source, out var template, out var error))
        {
            throw new TemplateFailure(field, Located(error));
        }

        if (parsed.Count >= MaxCachedSources)
        {
            parsed.Clear(); // bounded: edited templates leave their old sources behind
        }

        parsed[source] = template;
        return template;
    }

    private static string Located(string error)
    {
        var position = Position().Match(error);
        var reason = Position().Replace(error, "").Trim().TrimEnd('.', ',', ':').Trim();
        return position.Success ? $"line {position.Groups[1].Value}, column {position.Groups[2].Value}: {reason}" : error;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    private static string? Primary(string? language) =>
        string.IsNullOrWhiteSpace(language) ? null : language.Split('-', '_')[0].Trim().ToLowerInvariant();

    private static CultureInfo CultureFor(string language)
    {
        try
        {
            return CultureInfo.GetCultureInfo(language);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }

    private static TimeZoneInfo ZoneFor(string timezone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>{{ order.total | money: order.currency }}: the amount with two decimals in the customer's language and the currency code.</summary>
    private static ValueTask<FluidValue> Money(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        var currency = arguments.Count > 0 ? arguments.At(0).ToStringValue(context) : "";
        var amount = input.ToNumberValue(context).ToString("N2", context.CultureInfo);
        return new ValueTask<FluidValue>(Text(string.IsNullOrWhiteSpace(currency) ? amount : $"{amount} {currency.ToUpperInvariant()}", context));
    }

    /// <summary>{{ order.ordered_at | local_date }} or local_date: "g": the moment in the customer's time zone, formatted in their language (.NET format, long date by default).</summary>
    private static ValueTask<FluidValue> LocalDate(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        if (!input.TryGetDateTimeInput(context, out var moment))
        {
            return new ValueTask<FluidValue>(NilValue.Instance);
        }

        var format = arguments.Count > 0 ? arguments.At(0).ToStringValue(context) : "D";
        var local = TimeZoneInfo.ConvertTime(moment, context.TimeZone);
        try
        {
            return new ValueTask<FluidValue>(Text(local.ToString(format, context.CultureInfo), context));
        }
        catch (FormatException)
        {
            return new ValueTask<FluidValue>(Text(local.ToString("D", context.CultureInfo), context));
        }
    }

    private static FluidValue Text(string text, TemplateContext context) => FluidValue.Create(text, context.Options);

    [GeneratedRegex(@"\s*at \((\d+):(\d+)\)")]
    private static partial Regex Position();

    /// <summary>Templates may not read files: include and render find nothing.</summary>
    private sealed class NoFiles : ITemplateFileProvider
    {
        public ValueTask<TemplateSourceInfo> GetFileInfoAsync(string path, TemplateContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Templates cannot include files.");
    }
}
