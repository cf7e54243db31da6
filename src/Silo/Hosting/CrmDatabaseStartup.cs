using Microsoft.Extensions.Logging;
using SimpleCrm.Data;
using SimpleCrm.Data.Fx;
using SimpleCrm.Data.Migrations;
using SimpleCrm.Data.Sessions;
using SimpleCrm.Data.Workspaces;

namespace SimpleCrm.Silo.Hosting;

/// <summary>Brings the database to the current schema and makes sure the first workspace exists.</summary>
public static class CrmDatabaseStartup
{
    public static async Task<Workspace> PrepareAsync(CrmSettings settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        await using var dataSource = CrmDataSources.Create(settings.ConnectionString);
        await MigrationRunner.MigrateAsync(dataSource, loggerFactory.CreateLogger(typeof(MigrationRunner)), cancellationToken);
        var database = new CrmDatabase(dataSource);
        // A fresh install can convert currencies before the first refresh from the ECB (if one is configured).
        await new FxRates(database, new FxQuoteCache()).LoadSnapshotIfEmptyAsync(cancellationToken);
        return await new WorkspaceDirectory(database)
            .EnsureAsync(settings.DefaultWorkspaceSlug, settings.DefaultWorkspaceName, cancellationToken);
    }
}
