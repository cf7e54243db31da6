namespace SimpleCrm.Api.Access;

/// <summary>Endpoint metadata: the caller needs this permission.</summary>
public sealed record RequiresPermission(Permission Permission);

/// <summary>Endpoint metadata: any signed-in caller (the /auth/* self-service endpoints).</summary>
public sealed record SignedIn(bool AllowedBeforeMfaSetup = false);

public static class AccessEndpointExtensions
{
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresPermission(permission));

    public static TBuilder RequireSignIn<TBuilder>(this TBuilder builder, bool allowedBeforeMfaSetup = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new SignedIn(allowedBeforeMfaSetup));
}
