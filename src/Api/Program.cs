using SimpleCrm.Api.Hosting;
using SimpleCrm.Api.Fx;
using SimpleCrm.Api.Seeding;
using SimpleCrm.Data.Migrations;

// dotnet SimpleCrm.Api.dll                  run the CRM (see README for settings)
// dotnet SimpleCrm.Api.dll --migrate-only   bring the database schema up to date and exit
// dotnet SimpleCrm.Api.dll seed --customers N --orders M [--workspace slug]   bulk-load a realistic shop
// dotnet SimpleCrm.Api.dll fx import FILE   load an operator's exchange rates (CSV: date,currency,units_per_usd)
var command = args.FirstOrDefault();
var hostArgs = command is "seed" or "fx" ? [] : args;
WebApplication app;
try
{
    app = await CrmApi.BuildAsync(hostArgs);
}
catch (DatabaseSetupException e)
{
    Console.Error.WriteLine($"SimpleCrm cannot start: {e.Message}");
    return 2;
}

if (args.Contains("--migrate-only"))
{
    // BuildAsync already brought the schema up to date.
    app.Logger.LogInformation("Database migrated.");
    return 0;
}

if (command is "seed")
{
    return await SeedCommand.RunAsync(app.Services, args[1..]);
}

if (command is "fx")
{
    return await FxImportCommand.RunAsync(app.Services, args[1..]);
}

await app.RunAsync();
return 0;
