using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SimpleCrm.Data.Customers;
using SimpleCrm.Data.Segments;
using SimpleCrm.Domain.Segments;
using SimpleCrm.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SimpleCrm.Tests.Segments;

/// <summary>
/// One rule engine, two back ends: on a generated population (made through the API, orders included) and for
/// generated rules, the customers the compiled SQL selects are exactly those the in-memory evaluator accepts.
/// </summary>
public sealed class SegmentRuleAgreementTests(ApiFixture api, ITestOutputHelper output) : WorkspaceTest(api, "seg-agree")
{
    private static readonly string[] Countries = ["DE", "AT", "FR", "US", "JP"];
    private static readonly string?[] Regions = [null, "Bavaria", "Tyrol", "Texas"];
    private static readonly string[] Languages = ["de", "en", "fr"];
    private static readonly string[] Currencies = ["EUR", "USD", "JPY"];
    private static readonly string[] Statuses = ["active", "inactive", "vip", "blocked"];
    private static readonly string[] Tags = ["vip", "b2b", "newsletter", "wholesale"];
    private static readonly string[] Products = ["p-1", "p-2", "p-3", "p-4"];

    [Fact]
    public async Task Sql_and_in_memory_evaluation_select_the_same_customers_for_generated_rules()
    {
        var random = new Random(20261206);
        var ids = await PopulateAsync(random, customers: 48);
        var customers = Api.Node.Services.GetRequiredService<CustomerStore>();
        var segments = Api.Node.Services.GetRequiredService<SegmentStore>();
        var subjects = new List<(Guid Id, SegmentSubject Subject)>();
        foreach (var id in ids)
        {
            var snapshot = (await customers.LoadAsync(Admin.Workspace, id))!;
            var (productIds, skus) = await segments.PurchasesAsync(Admin.Workspace, id);
            subjects.Add((id, SegmentSubject.Of(snapshot) with { ProductIds = productIds, Skus = skus }));
        }

        var now = DateTimeOffset.UtcNow;
        var nonTrivial = 0;
        for (var i = 0; i < 300; i++)
        {
            var json = JsonSerializer.Serialize(Group(random, depth: 0));
            var (rule, errors) = SegmentRuleParser.Parse(json);
            Assert.True(rule is not null, $"generated rule refused: {json}: {string.Join("; ", errors.Select(e => $"{e.Key} {string.Join(" ", e.Value)}"))}");

            var inMemory = subjects.Where(s => SegmentEvaluator.Matches(rule, s.Subject, now)).Select(s => s.Id).ToHashSet();
            var inSql = await segments.MatchingIdsAsync(Admin.Workspace, rule, now);
            Assert.True(inMemory.SetEquals(inSql), $"rule {json}: in memory {inMemory.Count}, SQL {inSql.Count}; only in memory: "
                + string.Join(", ", inMemory.Except(inSql)) + "; only in SQL: " + string.Join(", ", inSql.Except(inMemory)));
            if (inSql.Count > 0 && inSql.Count < ids.Count)
            {
                nonTrivial++;
            }
        }

        output.WriteLine($"{nonTrivial} of 300 rules selected some but not all of {ids.Count} customers");
        Assert.True(nonTrivial > 100, "the generated rules hardly discriminate; the agreement proves little");
    }

    [Fact]
    public async Task The_preview_counts_what_the_rules_match_through_the_api()
    {
        await Crm.CreateCustomerAsync(new { first_name = "P", last_name = "One", email = $"p1-{Guid.NewGuid():N}@example.com", country_code = "AT", tags = new[] { "vip" } });
        await Crm.CreateCustomerAsync(new { first_name = "P", last_name = "Two", email = $"p2-{Guid.NewGuid():N}@example.com", country_code = "AT" });
        await Crm.CreateCustomerAsync(new { first_name = "P", last_name = "Three", email = $"p3-{Guid.NewGuid():N}@example.com", country_code = "FR", tags = new[] { "vip" } });
        var response = await Http.PostAsJsonAsync("/api/v1/segments/preview", new
        {
            rules = new { all = new object[] { new { field = "country_code", op = "in", value = new[] { "at", "DE" } }, new { field = "tags", op = "contains", value = "vip" } } },
        }, ApiNode.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.JsonAsync()).GetProperty("member_count").GetInt64());
    }

    private async Task<List<Guid>> PopulateAsync(Random random, int customers)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < customers; i++)
        {
            var region = Pick(random, Regions);
            var created = await Crm.CreateCustomerAsync(new
            {
                first_name = "Gen",
                last_name = $"Customer{i}",
                email = $"gen-{i}-{Guid.NewGuid():N}@example.com",
                country_code = Pick(random, Countries),
                region,
                language = Pick(random, Languages),
                currency = Pick(random, Currencies),
                status = Pick(random, Statuses),
                tags = Tags.Where(_ => random.Next(3) == 0).ToArray(),
                owner_id = random.Next(3) == 0 ? Admin.Id : (Guid?)null,
            });
            var id = created.GetProperty("id").GetGuid();
            ids.Add(id);
            for (var o = random.Next(4); o > 0; o--)
            {
                var product = Pick(random, Products);
                var response = await Http.PostAsJsonAsync("/api/v1/orders", new
                {
                    customer_id = id,
                    order_number = $"G-{i}-{o}-{random.Next(100000)}",
                    currency = "USD",
                    ordered_at = DateTimeOffset.UtcNow.AddDays(-random.Next(0, 200)).AddMinutes(-random.Next(0, 1440)),
                    status = random.Next(6) == 0 ? "cancelled" : null,
                    items = new[] { new { product_id = product, product_name = "Thing", sku = $"SKU-{product}", quantity = 1 + random.Next(3), unit_price = 5m + random.Next(0, 200) } },
                }, ApiNode.Json);
                Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            }
        }

        // Metrics reach the rows through the customers' grains right after each order; wait until every order counts.
        await Task.Delay(500);
        return ids;
    }

    private object Group(Random random, int depth)
    {
        var count = 1 + random.Next(3);
        var rules = Enumerable.Range(0, count).Select(_ => depth < 2 && random.Next(4) == 0 ? Group(random, depth + 1) : Condition(random)).ToArray();
        return random.Next(2) == 0 ? new Dictionary<string, object> { ["all"] = rules } : new Dictionary<string, object> { ["any"] = rules };
    }

    private object Condition(Random random)
    {
        object TextCondition(string field, IReadOnlyList<string?> domain)
        {
            var values = domain.Where(v => v is not null).Select(v => v!).ToArray();
            return random.Next(4) switch
            {
                0 => new { field, op = "eq", value = Pick(random, values) },
                1 => new { field, op = "neq", value = Pick(random, values) },
                2 => new { field, op = "in", value = values.Where(_ => random.Next(2) == 0).DefaultIfEmpty(values[0]).ToArray() },
                _ => (object)new { field, op = "not_in", value = values.Where(_ => random.Next(2) == 0).DefaultIfEmpty(values[0]).ToArray() },
            };
        }

        object NumberCondition(string field, int max)
        {
            var ops = new[] { "eq", "neq", "gt", "gte", "lt", "lte", "between" };
            var op = Pick(random, ops);
            var low = (decimal)random.Next(0, max);
            return op == "between" ? new { field, op, value = new[] { low, low + random.Next(0, max) } } : new { field, op, value = (object)low };
        }

        return random.Next(12) switch
        {
            0 => TextCondition("country_code", Countries),
            1 => TextCondition("region", Regions),
            2 => TextCondition("language", Languages),
            3 => TextCondition("currency", Currencies),
            4 => TextCondition("status", Statuses),
            5 => TextCondition("owner", [Admin.Id.ToString()]),
            6 => random.Next(3) switch
            {
                0 => new { field = "tags", op = "contains", value = (object)Pick(random, Tags) },
                1 => new { field = "tags", op = "not_contains", value = (object)Pick(random, Tags) },
                _ => new { field = "tags", op = "contains_any", value = (object)Tags.Where(_ => random.Next(2) == 0).DefaultIfEmpty("vip").ToArray() },
            },
            7 => NumberCondition("order_count", 4),
            8 => NumberCondition("lifetime_value", 600),
            9 => NumberCondition("average_order_value", 300),
            10 => new { field = "last_order_at", op = random.Next(2) == 0 ? "within_days" : "not_within_days", value = (object)(decimal)random.Next(1, 220) },
            _ => random.Next(2) == 0
                ? new { field = "bought_product", op = "in", value = (object)Products.Where(_ => random.Next(2) == 0).DefaultIfEmpty("p-1").ToArray() }
                : new { field = "bought_sku", op = "eq", value = (object)$"SKU-{Pick(random, Products)}" },
        };
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];
}
