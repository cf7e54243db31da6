using SimpleCrm.Data;
using SimpleCrm.Silo.Hosting;

// A silo process for the production topology (N silos + M API nodes on one PostgreSQL).
// For one machine, the API co-hosts a silo instead: see src/Api.
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddShippedDefaults();
builder.Logging.ClearProviders().AddCrmConsole(builder.Configuration);

var settings = CrmSettings.From(builder.Configuration);
using (var startupLogging = LoggerFactory.Create(l => l.AddCrmConsole(builder.Configuration)))
{
    try
    {
        await CrmDatabaseStartup.PrepareAsync(settings, startupLogging);
    }
    catch (SimpleCrm.Data.Migrations.DatabaseSetupException e)
    {
        Console.Error.WriteLine($"SimpleCrm silo cannot start: {e.Message}");
        return 2;
    }
}

builder.Services.AddCrmData(settings.ConnectionString);
builder.Services.AddCrmTelemetry(builder.Configuration, "simplecrm-silo");
// In Kubernetes (deploy/) the pod's name and address come from the downward API and Orleans removes the silos of
// deleted pods at once; elsewhere the configured ports and address are used.
var inKubernetes = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"))
    && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("POD_NAME"));
builder.UseOrleans(silo =>
{
    silo.UseCrmSilo(settings, configureEndpoints: !inKubernetes);
    if (inKubernetes)
    {
        silo.UseKubernetesHosting();
    }
});
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

await builder.Build().RunAsync();
return 0;
