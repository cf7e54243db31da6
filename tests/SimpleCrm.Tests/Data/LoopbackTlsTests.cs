using Dapper;
using Npgsql;
using SimpleCrm.Data;
using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Data;

/// <summary>Connections to a PostgreSQL on this machine skip TLS unless the connection string asks for it.</summary>
public sealed class LoopbackTlsTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("localhost", true)]
    [InlineData("::1", true)]
    [InlineData("[::1]:5432", true)]
    [InlineData("127.0.0.1:5433,localhost", true)]
    [InlineData("/var/run/postgresql", true)]
    [InlineData("db.example.com", false)]
    [InlineData("10.0.0.5", false)]
    [InlineData("127.0.0.1,db.example.com", false)]
    [InlineData("", false)]
    public void Only_hosts_on_this_machine_count_as_loopback(string host, bool loopback) =>
        Assert.Equal(loopback, CrmDataSources.IsLoopback(host));

    [Fact]
    public async Task A_loopback_connection_does_not_use_tls_and_an_explicit_ssl_mode_still_wins()
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        Assert.True(CrmDataSources.IsLoopback(builder.Host), "the tests' PostgreSQL runs on this machine");
        await using (var plain = CrmDataSources.Create(database.ConnectionString))
        {
            Assert.False(await UsesTlsAsync(plain));
        }

        // Whether TLS is then used depends on the server (Debian's enables it); asking for it must at least be honoured.
        var serverOffersTls = await ServerOffersTlsAsync(builder);
        await using var explicitly = CrmDataSources.Create(database.ConnectionString + ";SSL Mode=Prefer;Trust Server Certificate=true");
        Assert.Equal(serverOffersTls, await UsesTlsAsync(explicitly));
    }

    private static async Task<bool> UsesTlsAsync(NpgsqlDataSource source)
    {
        await using var connection = await source.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>("select coalesce((select ssl from pg_stat_ssl where pid = pg_backend_pid()), false)");
    }

    private static async Task<bool> ServerOffersTlsAsync(NpgsqlConnectionStringBuilder builder)
    {
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<string>("show ssl") == "on";
    }
}
