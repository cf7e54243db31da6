using System.Net.Http.Json;
using System.Text.Json;

namespace SimpleCrm.Bench.Bulk;

/// <summary>The newsletter sent: five language variants (English the default, so other languages fall back to it) with per-recipient variables.</summary>
public static class BulkTemplate
{
    public sealed record Variant(string Language, string Subject, string BodyHtml, string BodyText);

    public static readonly IReadOnlyList<Variant> Variants =
    [
        new("en", "{{ shop.name }}: new arrivals for you, {{ customer.first_name }}",
            "<h1>Hello {{ customer.first_name }} {{ customer.last_name }},</h1><p>Our spring collection has arrived. As a customer from {{ customer.city }} you get free shipping this week.</p><p><a href=\"https://shop.example.com/spring\">See what is new</a></p>",
            "Hello {{ customer.first_name }} {{ customer.last_name }},\n\nOur spring collection has arrived. As a customer from {{ customer.city }} you get free shipping this week.\nhttps://shop.example.com/spring"),
        new("de", "{{ shop.name }}: Neuheiten für Sie, {{ customer.first_name }}",
            "<h1>Hallo {{ customer.first_name }} {{ customer.last_name }},</h1><p>Unsere Frühjahrskollektion ist da. Als Kundin oder Kunde aus {{ customer.city }} liefern wir diese Woche versandkostenfrei.</p><p><a href=\"https://shop.example.com/spring\">Neuheiten ansehen</a></p>",
            "Hallo {{ customer.first_name }} {{ customer.last_name }},\n\nUnsere Frühjahrskollektion ist da. Als Kundin oder Kunde aus {{ customer.city }} liefern wir diese Woche versandkostenfrei.\nhttps://shop.example.com/spring"),
        new("fr", "{{ shop.name }} : nouveautés pour vous, {{ customer.first_name }}",
            "<h1>Bonjour {{ customer.first_name }} {{ customer.last_name }},</h1><p>Notre collection de printemps est arrivée. Client de {{ customer.city }}, la livraison vous est offerte cette semaine.</p><p><a href=\"https://shop.example.com/spring\">Voir les nouveautés</a></p>",
            "Bonjour {{ customer.first_name }} {{ customer.last_name }},\n\nNotre collection de printemps est arrivée. Client de {{ customer.city }}, la livraison vous est offerte cette semaine.\nhttps://shop.example.com/spring"),
        new("es", "{{ shop.name }}: novedades para ti, {{ customer.first_name }}",
            "<h1>Hola {{ customer.first_name }} {{ customer.last_name }}:</h1><p>Ya llegó nuestra colección de primavera. Como cliente de {{ customer.city }}, el envío es gratis esta semana.</p><p><a href=\"https://shop.example.com/spring\">Ver novedades</a></p>",
            "Hola {{ customer.first_name }} {{ customer.last_name }}:\n\nYa llegó nuestra colección de primavera. Como cliente de {{ customer.city }}, el envío es gratis esta semana.\nhttps://shop.example.com/spring"),
        new("zh", "{{ shop.name }}：{{ customer.first_name }}，新品到货",
            "<h1>{{ customer.last_name }}{{ customer.first_name }}，您好：</h1><p>我们的春季新品已经到货。{{ customer.city }}的顾客本周免运费。</p><p><a href=\"https://shop.example.com/spring\">查看新品</a></p>",
            "{{ customer.last_name }}{{ customer.first_name }}，您好：\n\n我们的春季新品已经到货。{{ customer.city }}的顾客本周免运费。\nhttps://shop.example.com/spring"),
    ];

    /// <summary>Saves the template through the API; returns its id.</summary>
    public static async Task<string> CreateAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/templates", new
        {
            name = $"Spring newsletter {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}",
            kind = "email",
            default_language = "en",
            variants = Variants.Select(v => new { language = v.Language, subject = v.Subject, body_html = v.BodyHtml, body_text = v.BodyText }),
        });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/v1/templates answered {(int)response.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }
}
