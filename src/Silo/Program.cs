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
builder.UseOrleans(silo => silo.UseCrmSilo(settings));
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

await builder.Build().RunAsync();
return 0;
