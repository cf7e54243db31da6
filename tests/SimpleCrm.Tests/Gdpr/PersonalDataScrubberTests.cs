using System.Text.Json.Nodes;
using SimpleCrm.Data.Gdpr;

namespace SimpleCrm.Tests.Gdpr;

public sealed class PersonalDataScrubberTests
{
    private const string Erased = "erased-1@erased.invalid";

    [Fact]
    public void Personal_fields_get_their_erased_values_and_everything_else_stays()
    {
        var own = new PersonalDataScrubber(["Anna", "Müller", "anna@example.de"], blankPersonalKeys: true, Erased);
        var json = own.Scrub("""
            {"event":"customer.updated","data":{"id":"0190","first_name":"Anna","last_name":"Müller","email":"anna@example.de",
             "phone":"+4930123456","tags":["vip"],"custom_fields":{"size":"M"},"external_ids":{"shopify":"1"},"lifetime_value":120.5,
             "currency":"EUR","refunds":[{"amount":10,"reason":"broken"}],"shipping_address":{"name":"Anna Müller"}}}
            """);

        var data = JsonNode.Parse(json!)!["data"]!;
        Assert.Equal("Erased", (string?)data["first_name"]);
        Assert.Equal("Erased", (string?)data["last_name"]);
        Assert.Equal(Erased, (string?)data["email"]);
        Assert.Null(data["phone"]);
        Assert.Empty(data["tags"]!.AsArray());
        Assert.Empty(data["custom_fields"]!.AsObject());
        Assert.Empty(data["external_ids"]!.AsObject());
        Assert.Null(data["shipping_address"]);
        Assert.Null(data["refunds"]![0]!["reason"]);
        Assert.Equal(10, (int)data["refunds"]![0]!["amount"]!);
        Assert.Equal(120.5m, (decimal)data["lifetime_value"]!);
        Assert.Equal("EUR", (string?)data["currency"]);
        Assert.Equal("0190", (string?)data["id"]);
    }

    [Fact]
    public void Values_are_found_as_whole_words_in_any_string_also_url_encoded()
    {
        var scrubber = new PersonalDataScrubber(["Li", "li.wei@example.cn", "Wei Li"], blankPersonalKeys: false, Erased);

        Assert.True(scrubber.Mentions("Call Li tomorrow"));
        Assert.True(scrubber.Mentions("?format=csv&q=li.wei%40example.cn"));
        Assert.True(scrubber.Mentions("?q=Wei+Li"));
        Assert.False(scrubber.Mentions("Linen shirt"));
        Assert.False(scrubber.Mentions("Oliver"));

        var json = scrubber.Scrub("""{"query":"?q=li.wei%40example.cn","items":[{"product_name":"Linen shirt"}],"first_name":"Li"}""");
        var node = JsonNode.Parse(json!)!;
        Assert.Equal(PersonalDataScrubber.ErasedText, (string?)node["query"]);
        Assert.Equal("Linen shirt", (string?)node["items"]![0]!["product_name"]);
        Assert.Equal(PersonalDataScrubber.ErasedText, (string?)node["first_name"]); // not about the person: only mentions go
    }

    [Fact]
    public void A_document_without_the_person_is_left_alone()
    {
        var scrubber = new PersonalDataScrubber(["anna@example.de"], blankPersonalKeys: false, Erased);
        Assert.Null(scrubber.Scrub("""{"email":"bob@example.com","total":5}"""));
        Assert.Null(scrubber.Scrub(null));
        Assert.Contains(PersonalDataScrubber.SearchForms("Anna@example.de"), f => f == "anna%40example.de");
    }
}
