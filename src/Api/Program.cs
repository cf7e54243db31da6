using SimpleCrm.Api.Hosting;

var app = await CrmApi.BuildAsync(args);
if (args.Contains("--migrate-only"))
{
    // BuildAsync already brought the schema up to date.
    app.Logger.LogInformation("Database migrated.");
    return;
}

await app.RunAsync();
