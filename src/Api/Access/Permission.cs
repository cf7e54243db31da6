namespace SimpleCrm.Api.Access;

/// <summary>What a caller may do. Roles and API key scopes both map onto these (docs/auth.md has the table).</summary>
public enum Permission
{
    CustomersRead,
    CustomersWrite,
    CustomersBulk,
    CustomersExport,
    OrdersRead,
    OrdersWrite,
    ProductsWrite,
    SettingsCustomFields,
    SettingsFx,
    UsersRead,
    UsersManage,
    ApiKeysManage,
    AuditRead,
    Gdpr,
    WebhooksManage,
    IntegrationsManage,
}

public static class Roles
{
    public const string Admin = "admin";
    public const string Manager = "manager";
    public const string Agent = "agent";
    public const string Readonly = "readonly";

    public static readonly IReadOnlyList<string> All = [Admin, Manager, Agent, Readonly];
}

public static class Permissions
{
    /// <summary>The wire name, e.g. "customers.read".</summary>
    public static string Name(this Permission permission) => permission switch
    {
        Permission.CustomersRead => "customers.read",
        Permission.CustomersWrite => "customers.write",
        Permission.CustomersBulk => "customers.bulk",
        Permission.CustomersExport => "customers.export",
        Permission.OrdersRead => "orders.read",
        Permission.OrdersWrite => "orders.write",
        Permission.ProductsWrite => "products.write",
        Permission.SettingsCustomFields => "settings.custom_fields",
        Permission.SettingsFx => "settings.fx",
        Permission.UsersRead => "users.read",
        Permission.UsersManage => "users.manage",
        Permission.ApiKeysManage => "api_keys.manage",
        Permission.AuditRead => "audit.read",
        Permission.Gdpr => "gdpr",
        Permission.WebhooksManage => "webhooks.manage",
        Permission.IntegrationsManage => "integrations.manage",
        _ => throw new ArgumentOutOfRangeException(nameof(permission)),
    };

    private static readonly IReadOnlySet<Permission> Everything = Enum.GetValues<Permission>().ToHashSet();

    private static readonly IReadOnlyDictionary<string, IReadOnlySet<Permission>> ByRole = new Dictionary<string, IReadOnlySet<Permission>>
    {
        [Roles.Admin] = Everything,
        [Roles.Manager] = new HashSet<Permission>
        {
            Permission.CustomersRead, Permission.CustomersWrite, Permission.CustomersBulk, Permission.CustomersExport,
            Permission.OrdersRead, Permission.OrdersWrite, Permission.ProductsWrite, Permission.UsersRead, Permission.Gdpr,
        },
        // Agents' customer and order permissions reach only the customers assigned to them (Caller.AssignedTo).
        [Roles.Agent] = new HashSet<Permission>
        {
            Permission.CustomersRead, Permission.CustomersWrite, Permission.CustomersExport,
            Permission.OrdersRead, Permission.OrdersWrite, Permission.UsersRead,
        },
        [Roles.Readonly] = new HashSet<Permission> { Permission.CustomersRead, Permission.OrdersRead, Permission.UsersRead },
    };

    public static IReadOnlySet<Permission> ForRole(string role) => ByRole.TryGetValue(role, out var permissions) ? permissions : new HashSet<Permission>();

    /// <summary>API key scopes and what each allows.</summary>
    public static readonly IReadOnlyDictionary<string, Permission[]> Scopes = new Dictionary<string, Permission[]>
    {
        ["customers:read"] = [Permission.CustomersRead, Permission.CustomersExport],
        ["customers:write"] = [Permission.CustomersRead, Permission.CustomersWrite, Permission.CustomersBulk],
        ["orders:read"] = [Permission.OrdersRead],
        ["orders:write"] = [Permission.OrdersRead, Permission.OrdersWrite, Permission.ProductsWrite],
        ["webhooks"] = [],
        // Lets Prometheus scrape /metrics; only a key of the operator's workspace (Operations.OperatorAccess).
        [OpsMetricsScope] = [],
    };

    /// <summary>The scope of a key that may read the cluster's metrics.</summary>
    public const string OpsMetricsScope = "ops:metrics";

    public static IReadOnlySet<Permission> ForScopes(IEnumerable<string> scopes) =>
        scopes.SelectMany(s => Scopes.TryGetValue(s, out var permissions) ? permissions : []).ToHashSet();
}
