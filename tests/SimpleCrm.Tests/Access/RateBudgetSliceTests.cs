using System.Globalization;
using System.Net;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Access;

/// <summary>
/// A large budget is taken by each API node in slices of a hundredth, so a busy caller costs one grain call per
/// slice; what one node holds counts as spent for the other.
/// </summary>
public sealed class RateBudgetSliceTests() : TwoSilosTwoNodes(Settings)
{
    private const int Limit = 300; // slices of 3
    private static readonly Dictionary<string, string?> Settings = new() { ["Crm:RateLimit:PerHour"] = Limit.ToString(CultureInfo.InvariantCulture) };

    [Fact]
    public async Task Each_node_spends_its_own_slice_and_counts_the_others_slice_as_spent()
    {
        var user = await NodeA.UserAsync("slices", "manager"); // a fresh budget
        var viaA = user.Http;
        var viaB = await NodeB.SignInAsync(user.Email, ApiNode.UserPassword); // same user, other node

        var onA = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            onA.Add(await RemainingAfterAsync(viaA));
        }

        // A took 3, spent them (299, 298, 297), took 3 more and spent one (296: 294 in the grain + 2 it holds).
        Assert.Equal([Limit - 1, Limit - 2, Limit - 3, Limit - 4], onA);
        // B's first slice comes after A's six: 291 left in the grain, B holds 2 more.
        Assert.Equal(Limit - 7, await RemainingAfterAsync(viaB));
        // A spends from the slice it holds, without asking the grain, so its count is as of its last slice: 294 + 1.
        Assert.Equal(Limit - 5, await RemainingAfterAsync(viaA));
        Assert.Equal(Limit - 6, await RemainingAfterAsync(viaA));
        // Its next request needs a new slice, and the grain knows of B's: 288 left there, A holds 2.
        Assert.Equal(Limit - 10, await RemainingAfterAsync(viaA));
    }

    private static async Task<int> RemainingAfterAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/api/v1/customers");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return int.Parse(response.Headers.GetValues("RateLimit-Remaining").Single(), CultureInfo.InvariantCulture);
    }
}
