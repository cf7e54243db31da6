using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using Scalar.AspNetCore;
using SimpleCrm.Api.Access;
using SimpleCrm.Api.Activities;
using SimpleCrm.Api.Analytics;
using SimpleCrm.Api.ApiKeys;
using SimpleCrm.Api.Audit;
using SimpleCrm.Api.Auth;
using SimpleCrm.Api.Commerce;
using SimpleCrm.Api.Commerce.Sync;
using SimpleCrm.Api.CustomFields;
using SimpleCrm.Api.Customers;
using SimpleCrm.Api.Demo;
using SimpleCrm.Api.Fx;
using SimpleCrm.Api.Orders;
using SimpleCrm.Api.Products;
using SimpleCrm.Api.Health;
using SimpleCrm.Api.Hosting.DataProtection;
using SimpleCrm.Api.Idempotency;
using SimpleCrm.Api.Email;
using SimpleCrm.Api.Email.Threads;
using SimpleCrm.Api.Mail;
using SimpleCrm.Api.OpenApi;
using SimpleCrm.Api.Operations;
using SimpleCrm.Api.Problems;
using SimpleCrm.Api.Realtime;
using SimpleCrm.Api.Reference;
using SimpleCrm.Api.Users;
using SimpleCrm.Api.Templates;
using SimpleCrm.Api.Segments;
using SimpleCrm.Api.Webhooks;
using SimpleCrm.Api.Workspaces;
using SimpleCrm.Data;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Silo.Hosting;

namespace SimpleCrm.Api.Hosting;

/// <summary>
/// Builds the API process. In "cohosted" mode (the default, used by ./crm up) it also runs a silo, so one
/// process is the whole CRM; in "client" mode it joins an existing cluster of src/Silo processes.
/// </summary>
public static class CrmApi
{
    /// <summary>Bodies above this are refused with 413 (endpoints that take files raise it for themselves).</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddShippedDefaults();
        builder.Logging.ClearProviders();
        configure?.Invoke(builder);
        builder.Logging.AddCrmConsole(builder.Configuration);
        if (builder.Configuration["CRM_PORT"] is { Length: > 0 } port && builder.Configuration["urls"] is null)
        {
            builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        }

        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var settings = CrmSettings.From(builder.Configuration);
        var defaultWorkspace = await PrepareDatabaseAsync(settings, builder.Configuration);
        builder.Services.AddSingleton(new DefaultWorkspace(defaultWorkspace.WorkspaceId, defaultWorkspace.Slug));
        builder.Services.AddCrmData(settings.ConnectionString);
        if (IsCohosted(builder.Configuration))
        {
            builder.UseOrleans(silo => silo.UseCrmSilo(settings));
        }
        else
        {
            builder.UseOrleansClient(client => client.UseCrmClient(settings));
        }

        AddApiServices(builder.Services);
        builder.Services.AddCrmDataProtection();
        builder.Services.AddCrmAccess(builder.Configuration);
        builder.Services.AddCrmActivities(builder.Configuration);
        builder.Services.AddCrmWebhooks(builder.Configuration);
        builder.Services.AddCrmCommerce(builder.Configuration);
        builder.Services.AddCrmOperations(builder.Configuration);
        builder.Services.AddCrmCommunication(builder.Configuration);
        builder.Services.AddCrmAnalytics(builder.Configuration);
        builder.Services.AddCrmSegmentCounts();
        builder.Services.AddCrmShopSync(builder.Configuration);
        builder.Services.AddCrmIdempotency(builder.Configuration);
        if (builder.Configuration["CRM_DEMO"] is "1" or "true")
        {
            builder.Services.AddHostedService<DemoDataLoader>();
        }

        var app = builder.Build();
        MapPipeline(app, builder.Configuration);
        return app;
    }

    public static bool IsCohosted(IConfiguration configuration) =>
        !string.Equals(configuration["CRM_MODE"] ?? configuration["Crm:Mode"], "client", StringComparison.OrdinalIgnoreCase);

    private static async Task<Data.Workspaces.Workspace> PrepareDatabaseAsync(CrmSettings settings, IConfiguration configuration)
    {
        using var startupLogging = LoggerFactory.Create(l => l.AddCrmConsole(configuration));
        return await CrmDatabaseStartup.PrepareAsync(settings, startupLogging);
    }

    private static void AddApiServices(IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions["request_id"] = c.HttpContext.TraceIdentifier;
            if (c.ProblemDetails is HttpValidationProblemDetails fieldProblem)
            {
                FieldProblemCodes.Add(fieldProblem, known: null);
            }

            if (c.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge)
            {
                c.ProblemDetails.Detail ??= $"The request body exceeds the limit of {MaxRequestBodyBytes / 1024} KB.";
            }
        });
        services.AddExceptionHandler<CrmExceptionHandler>();
        services.AddMemoryCache();
        services.AddSingleton<MailOutbox>();
        services.AddHostedService<HistoryRetention>();
        services.AddCrmFx();
        services.AddCrmPendingUsdRestatement();
        services.AddCrmMailThreads();
        services.AddSingleton<Seeding.Seeder>();
        services.AddSingleton<ApiFallback>();
        services.AddSignalR().AddJsonProtocol(o => CrmJson.Configure(o.PayloadSerializerOptions));
        services.AddSingleton<CustomerChangeRelay>();
        services.AddSingleton<CustomerSubscriptions>();
        services.AddSingleton<PresenceTracker>();
        services.AddHostedService<PresenceRenewal>();
        services.AddCrmOpenApi();
        services.AddHealthChecks()
            .AddCheck<PostgresReadyCheck>("postgres", tags: ["ready"])
            .AddCheck<ClusterReadyCheck>("cluster", tags: ["ready"]);
    }

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        CrmJson.Configure(options);
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.TypeInfoResolver = StorableJson.Guard(options.TypeInfoResolver);
    }

    private static void MapPipeline(WebApplication app, IConfiguration configuration)
    {
        app.UseCrmRequestLog();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use((http, next) =>
        {
            http.Response.Headers["X-Request-Id"] = http.TraceIdentifier;
            return next(http);
        });

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("SimpleCrm API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResultStatusCodes = { [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
            ResponseWriter = HealthResponse.WriteAsync,
        });

        app.UseCrmMetricsScrapeToken();
        app.Use(AmbiguousCredentials.RefuseAsync);
        app.UseAuthentication();
        app.UseMiddleware<AccessControl>();
        app.UseMiddleware<InputGuard>();
        app.UseCrmIdempotency();
        app.UseCrmOperatorAccess();
        app.MapHub<CrmHub>(CrmHub.Path).RequirePermission(Permission.CustomersRead);
        var api = app.MapGroup("/api/v1");
        api.MapAuth();
        api.MapProfile();
        api.MapSignup();
        api.MapMemberships();
        api.MapUsers();
        api.MapWorkspace();
        api.MapApiKeys();
        api.MapAudit();
        api.MapCustomers();
        Gdpr.GdprEndpoints.MapGdpr(api);
        api.MapOrders();
        api.MapTags();
        api.MapCustomFields();
        api.MapProducts();
        api.MapReference();
        api.MapFx();
        api.MapFxRestate();
        api.MapActivities();
        api.MapWebhooks();
        api.MapSegments();
        api.MapIntegrations();
        api.MapIngest();
        api.MapCommunication();
        api.MapLocalMailbox();
        api.MapAnalytics();
        api.MapShopSync();
        app.MapCommerceWebhooks();
        app.MapEmailTracking();
        app.MapSendGridEvents();
        app.MapSendGridInbound();
        api.MapMailSync();
        app.MapCrmOperations();
        app.MapCrmMemoryCheck();
        app.Map("/api/{**path}", (HttpContext http, ApiFallback fallback) => fallback.Answer(http))
            .AllowAnonymous().ExcludeFromDescription();

        MapWebApp(app, configuration);
    }

    /// <summary>Serves the built React app (src/Web/dist) with index.html for client-side routes.</summary>
    private static void MapWebApp(WebApplication app, IConfiguration configuration)
    {
        var webRoot = configuration["CRM_WEB_ROOT"] ?? configuration["Crm:WebRoot"];
        if (string.IsNullOrEmpty(webRoot) || !Directory.Exists(webRoot))
        {
            app.Logger.LogWarning("No web app found at {WebRoot}; serving the API only. Build src/Web or set CRM_WEB_ROOT.", webRoot);
            return;
        }

        var files = new PhysicalFileProvider(Path.GetFullPath(webRoot));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        app.MapFallbackToFile("index.html", new StaticFileOptions { FileProvider = files });
    }
}
