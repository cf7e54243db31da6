using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace SimpleCrm.Tests.Architecture;

/// <summary>
/// The layers as the compiler sees them: which SimpleCrm assemblies each one references, and that the API,
/// Data and Domain never use a grain class (the API can see them through the silo it co-hosts, so only the
/// compiled references tell).
/// </summary>
public sealed class LayerTests
{
    private static readonly Dictionary<string, string[]> AllowedReferences = new()
    {
        ["SimpleCrm.Contracts"] = [],
        ["SimpleCrm.Domain"] = ["SimpleCrm.Contracts"],
        ["SimpleCrm.Data"] = ["SimpleCrm.Contracts", "SimpleCrm.Domain"],
        ["SimpleCrm.Grains"] = ["SimpleCrm.Contracts", "SimpleCrm.Domain", "SimpleCrm.Data"],
        ["SimpleCrm.Silo"] = ["SimpleCrm.Contracts", "SimpleCrm.Domain", "SimpleCrm.Data", "SimpleCrm.Grains"],
        ["SimpleCrm.Api"] = ["SimpleCrm.Contracts", "SimpleCrm.Domain", "SimpleCrm.Data", "SimpleCrm.Silo"],
    };

    public static TheoryData<string> Layers => new(AllowedReferences.Keys);

    [Theory]
    [MemberData(nameof(Layers))]
    public void A_layer_references_only_the_layers_below_it(string assembly)
    {
        var used = TypesUsedFrom(assembly).Select(t => t.Assembly).Where(a => a.StartsWith("SimpleCrm.", StringComparison.Ordinal)).ToHashSet();
        var forbidden = used.Except(AllowedReferences[assembly]).Order().ToList();
        Assert.True(forbidden.Count == 0, $"{assembly} uses types of {string.Join(", ", forbidden)}");
    }

    [Theory]
    [InlineData("SimpleCrm.Api")]
    [InlineData("SimpleCrm.Data")]
    [InlineData("SimpleCrm.Domain")]
    public void Api_Data_and_Domain_use_no_grain_class(string assembly)
    {
        var grainTypes = TypesUsedFrom(assembly).Where(t => t.Assembly == "SimpleCrm.Grains").Select(t => t.Name).Order().ToList();
        Assert.True(grainTypes.Count == 0, $"{assembly} uses {string.Join(", ", grainTypes)}; talk to grains through SimpleCrm.Contracts");
    }

    [Fact]
    public void The_check_sees_a_use_of_a_grain_class()
    {
        // The silo configures grains, so it must show up here; if it does not, the two tests above prove nothing.
        Assert.Contains(TypesUsedFrom("SimpleCrm.Silo"), t => t.Assembly == "SimpleCrm.Grains");
        Assert.Contains(TypesUsedFrom("SimpleCrm.Api"), t => t.Assembly == "SimpleCrm.Contracts");
    }

    /// <summary>Every type reference compiled into the assembly, with the assembly it resolves to.</summary>
    private static List<(string Assembly, string Name)> TypesUsedFrom(string assemblyName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");
        using var pe = new PEReader(File.OpenRead(path));
        var metadata = pe.GetMetadataReader();
        var result = new List<(string, string)>();
        foreach (var handle in metadata.TypeReferences)
        {
            var type = metadata.GetTypeReference(handle);
            var scope = type.ResolutionScope;
            while (scope.Kind == HandleKind.TypeReference)
            {
                scope = metadata.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
            }

            if (scope.Kind == HandleKind.AssemblyReference)
            {
                var reference = metadata.GetAssemblyReference((AssemblyReferenceHandle)scope);
                result.Add((metadata.GetString(reference.Name), $"{metadata.GetString(type.Namespace)}.{metadata.GetString(type.Name)}"));
            }
        }

        return result;
    }
}
