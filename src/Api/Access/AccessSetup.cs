using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using SimpleCrm.Api.Realtime;

namespace SimpleCrm.Api.Access;

public static class AccessSetup
{
    public const string BearerOrApiKey = "BearerOrApiKey";

    public static IServiceCollection AddCrmAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PasswordOptions>(configuration.GetSection("Crm:Auth"));
        services.Configure<Auth.SignupOptions>(configuration.GetSection("Crm:Auth"));
        services.Configure<RateLimitOptions>(configuration.GetSection("Crm:RateLimit"));
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<RateBudgets>();
        services.AddSingleton<Passwords>();
        services.AddSingleton<Mfa>();
        services.AddSingleton<Auth.SignIn>();
        services.AddHostedService<FirstAdmin>();

        services.AddAuthentication(BearerOrApiKey)
            .AddPolicyScheme(BearerOrApiKey, "Bearer token or API key", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.ContainsKey(ApiKeyAuthentication.Header) ? ApiKeyAuthentication.SchemeName : JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.Events = new JwtBearerEvents
                {
                    // Browsers cannot set headers on WebSockets: the hub takes the token from the query string.
                    OnMessageReceived = context =>
                    {
                        if (context.HttpContext.Request.Path.StartsWithSegments(CrmHub.Path) && context.Request.Query["access_token"].ToString() is { Length: > 0 } token)
                        {
                            context.Token = token;
                        }

                        return Task.CompletedTask;
                    },
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AccessTokens>((o, tokens) => o.TokenValidationParameters = tokens.ValidationParameters());
        return services;
    }
}
