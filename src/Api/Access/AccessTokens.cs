using System.Security.Claims;
using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using SimpleCrm.Data.Identity;

namespace SimpleCrm.Api.Access;

/// <summary>Issues the short-lived JWT access tokens and describes how they are validated.</summary>
public sealed class AccessTokens(NpgsqlDataSource dataSource, IDataProtectionProvider protection)
{
    public const string Issuer = "simplecrm";
    public const string Audience = "simplecrm-api";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(30);

    public const string WorkspaceClaim = "ws";
    public const string RoleClaim = "role";
    public const string SessionClaim = "sid";
    public const string MfaSetupClaim = "mfa_setup";

    private readonly Lazy<SymmetricSecurityKey> key = new(() => LoadOrCreateKey(dataSource, protection));

    public SymmetricSecurityKey SigningKey => key.Value;

    public string Issue(UserRow user, Guid sessionId, bool mfaSetupRequired)
    {
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
            [WorkspaceClaim] = user.WorkspaceId.ToString(),
            [RoleClaim] = user.Role,
            [SessionClaim] = sessionId.ToString(),
        };
        if (mfaSetupRequired)
        {
            claims[MfaSetupClaim] = true;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = claims,
            Expires = DateTime.UtcNow.Add(Lifetime),
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Only our issuer, audience and HS256 key; no unsigned ("alg": "none") tokens; 30 s clock skew.</summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = SigningKey,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = JwtRegisteredClaimNames.Sub,
        RoleClaimType = RoleClaim,
    };

    public static Guid? UserId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>One key for the whole deployment, created by whichever node starts first, encrypted at rest.</summary>
    private static SymmetricSecurityKey LoadOrCreateKey(NpgsqlDataSource dataSource, IDataProtectionProvider protection)
    {
        var protector = protection.CreateProtector("SimpleCrm.AccessTokens.SigningKey");
        using var connection = dataSource.OpenConnection();
        connection.Execute(
            "insert into token_signing_keys (id, protected_key) values ('current', @key) on conflict (id) do nothing",
            new { key = protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))) });
        var stored = connection.QuerySingle<string>("select protected_key from token_signing_keys where id = 'current'");
        return new SymmetricSecurityKey(Convert.FromBase64String(protector.Unprotect(stored)));
    }
}
