using Dapper;
using Npgsql;

namespace SimpleCrm.Data.Migrations;

/// <summary>
/// The CRM stores names in every script: a database created under a POSIX locale gets SQL_ASCII, which
/// accepts the first non-ASCII name and then fails to convert it. Refuse such a database at start-up, with
/// the fix, instead of answering 500 later.
/// </summary>
public static class DatabaseEncoding
{
    public static async Task RequireUtf8Async(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        var (name, encoding) = await connection.QuerySingleAsync<(string, string)>(new CommandDefinition(
            "select current_database(), pg_encoding_to_char(encoding) from pg_database where datname = current_database()",
            cancellationToken: cancellationToken));
        if (encoding != "UTF8")
        {
            throw new DatabaseSetupException(
                $"The database '{name}' uses the encoding {encoding}; SimpleCrm needs UTF8. Create it as "
                + $"\"create database {name} encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8' template template0\" "
                + "(or unset CRM_DB and let ./crm provision PostgreSQL), then start again.");
        }
    }
}

/// <summary>The database cannot be used as it is; the message says what to change. Not a bug: no stack trace needed.</summary>
public sealed class DatabaseSetupException(string message) : Exception(message);
