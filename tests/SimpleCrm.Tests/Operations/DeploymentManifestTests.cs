using SimpleCrm.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace SimpleCrm.Tests.Operations;

/// <summary>
/// The Kubernetes manifests in deploy/ hold what running beyond one machine depends on: silos and API nodes as
/// Deployments, the API behind a Service, health probes on the endpoints the API serves, disruption budgets, and
/// a termination grace period longer than the host's graceful shutdown.
/// </summary>
public sealed class DeploymentManifestTests
{
    private static readonly TimeSpan HostShutdownTimeout = TimeSpan.FromSeconds(30);

    private static readonly IReadOnlyList<YamlMappingNode> Documents = Load();

    [Fact]
    public void Every_manifest_names_an_api_version_a_kind_and_a_name()
    {
        Assert.NotEmpty(Documents);
        foreach (var document in Documents)
        {
            Assert.False(string.IsNullOrEmpty(Text(document, "apiVersion")), "a document without apiVersion");
            Assert.False(string.IsNullOrEmpty(Text(document, "kind")), "a document without kind");
            Assert.False(string.IsNullOrEmpty(Text(document, "metadata", "name")), $"a {Text(document, "kind")} without metadata.name");
        }
    }

    [Fact]
    public void Silos_run_with_Orleans_Kubernetes_hosting_and_a_grace_period_past_the_graceful_shutdown()
    {
        var silo = Deployment("simplecrm-silo");
        var pod = Map(silo, "spec", "template", "spec");
        var labels = Map(silo, "spec", "template", "metadata", "labels");
        Assert.Equal("simplecrm", Text(labels, "orleans/clusterId"));
        Assert.Equal("simplecrm", Text(labels, "orleans/serviceId"));
        var container = Containers(pod).Single();
        var env = ((YamlSequenceNode)container.Children["env"]).Cast<YamlMappingNode>().Select(e => Text(e, "name")).ToHashSet();
        Assert.Superset(new HashSet<string?> { "CRM_DB", "POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_CLUSTER_ID", "ORLEANS_SERVICE_ID" }, env);
        Assert.NotNull(container.Children.ContainsKey("readinessProbe") ? container.Children["readinessProbe"] : null);
        Assert.NotNull(container.Children.ContainsKey("livenessProbe") ? container.Children["livenessProbe"] : null);
        Assert.True(GracePeriod(pod) > HostShutdownTimeout, "the silo would be killed before its grains have deactivated");
        Assert.NotNull(Budget("silo"));
        var role = Documents.Single(d => Text(d, "kind") == "Role" && Text(d, "metadata", "name") == "simplecrm-silo");
        Assert.Contains(((YamlSequenceNode)role.Children["rules"]).Cast<YamlMappingNode>(),
            r => ((YamlSequenceNode)r.Children["resources"]).Any(x => x.ToString() == "pods") && ((YamlSequenceNode)r.Children["verbs"]).Any(x => x.ToString() == "delete"));
        Assert.Equal("simplecrm-silo", Text(pod, "serviceAccountName"));
    }

    [Fact]
    public void Api_nodes_sit_behind_a_Service_with_probes_on_the_health_endpoints()
    {
        var api = Deployment("simplecrm-api");
        var pod = Map(api, "spec", "template", "spec");
        var container = Containers(pod).Single();
        Assert.Equal("/health/ready", Text(Map(container, "readinessProbe", "httpGet"), "path"));
        Assert.Equal("/health/live", Text(Map(container, "livenessProbe", "httpGet"), "path"));
        Assert.True(GracePeriod(pod) > HostShutdownTimeout, "the API node would be killed before requests in flight finish");

        var podLabels = Map(api, "spec", "template", "metadata", "labels").Children.ToDictionary(p => p.Key.ToString(), p => p.Value.ToString());
        var service = Documents.Single(d => Text(d, "kind") == "Service" && Text(d, "metadata", "name") == "simplecrm-api");
        var selector = Map(service, "spec", "selector").Children.ToDictionary(p => p.Key.ToString(), p => p.Value.ToString());
        Assert.All(selector, s => Assert.Equal(s.Value, podLabels.GetValueOrDefault(s.Key)));
        Assert.NotNull(Budget("api"));
    }

    private static YamlMappingNode Deployment(string name) =>
        Documents.SingleOrDefault(d => Text(d, "kind") == "Deployment" && Text(d, "metadata", "name") == name)
        ?? throw new Xunit.Sdk.XunitException($"deploy/ has no Deployment {name}");

    private static YamlMappingNode? Budget(string component) =>
        Documents.SingleOrDefault(d => Text(d, "kind") == "PodDisruptionBudget"
            && Text(d, "spec", "selector", "matchLabels", "app.kubernetes.io/component") == component
            && (Text(d, "spec", "maxUnavailable") is not null || Text(d, "spec", "minAvailable") is not null));

    private static IEnumerable<YamlMappingNode> Containers(YamlMappingNode pod) => ((YamlSequenceNode)pod.Children["containers"]).Cast<YamlMappingNode>();

    private static TimeSpan GracePeriod(YamlMappingNode pod) =>
        TimeSpan.FromSeconds(int.Parse(Text(pod, "terminationGracePeriodSeconds") ?? "30", System.Globalization.CultureInfo.InvariantCulture));

    private static YamlMappingNode Map(YamlMappingNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlMappingNode map
                ? map
                : throw new Xunit.Sdk.XunitException($"missing {string.Join('.', path)}");
        }

        return node;
    }

    private static string? Text(YamlMappingNode node, params string[] path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            if (!node.Children.TryGetValue(new YamlScalarNode(path[i]), out var child))
            {
                return null;
            }

            if (i == path.Length - 1)
            {
                return (child as YamlScalarNode)?.Value;
            }

            if (child is not YamlMappingNode map)
            {
                return null;
            }

            node = map;
        }

        return null;
    }

    private static List<YamlMappingNode> Load()
    {
        var documents = new List<YamlMappingNode>();
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "deploy"), "*.yaml"))
        {
            var stream = new YamlStream();
            using var reader = new StreamReader(file);
            stream.Load(reader);
            documents.AddRange(stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>());
        }

        return documents;
    }
}
