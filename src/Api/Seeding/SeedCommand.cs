using System.Globalization;
using SimpleCrm.Api.Workspaces;
using SimpleCrm.Data.Workspaces;

namespace SimpleCrm.Api.Seeding;

/// <summary>Parses "seed --customers N --orders M [--workspace slug] [--seed n]" and runs the <see cref="Seeder"/>.</summary>
public static class SeedCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        if (!TryInt(options, "customers", 1000, out var customers) || !TryInt(options, "orders", customers * 5, out var orders) || !TryInt(options, "seed", 2026, out var seed)
            || options.Keys.Except(["customers", "orders", "workspace", "seed"]).Any() || args.Length % 2 != 0)
        {
            await Console.Error.WriteLineAsync("usage: seed --customers N --orders M [--workspace slug] [--seed n]");
            return 2;
        }

        var workspace = options.TryGetValue("workspace", out var slug)
            ? await services.GetRequiredService<WorkspaceDirectory>().EnsureAsync(slug, slug)
            : null;
        var target = workspace?.WorkspaceId ?? services.GetRequiredService<DefaultWorkspace>().Id;
        await services.GetRequiredService<Seeder>().RunAsync(target, customers, orders, seed, CancellationToken.None);
        return 0;
    }

    private static bool TryInt(Dictionary<string, string> options, string name, int fallback, out int value)
    {
        value = fallback;
        return !options.TryGetValue(name, out var text) || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 0);
    }
}
