using SimpleCrm.Data;
using SimpleCrm.Silo.Hosting;

// A silo process for the production topology (N silos + M API nodes on one PostgreSQL).
// For one machine, the API co-hosts a silo instead: see src/Api.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders().AddJsonConsole(o =>
{
    o.IncludeScopes = true;
    o.UseUtcTimestamp = true;
    o.TimestampFormat = "O";
});

var settings = CrmSettings.From(builder.Configuration);
using (var startupLogging = LoggerFactory.Create(l => l.AddJsonConsole()))
{
    await CrmDatabaseStartup.PrepareAsync(settings, startupLogging);
}

builder.Services.AddCrmData(settings.ConnectionString);
builder.UseOrleans(silo => silo.UseCrmSilo(settings));
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

await builder.Build().RunAsync();
