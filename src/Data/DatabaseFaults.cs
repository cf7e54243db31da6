using Npgsql;

namespace SimpleCrm.Data;

/// <summary>Which database failures mean "not now" rather than "never": the server is down, restarting, refusing connections, or a statement ran out of time.</summary>
public static class DatabaseFaults
{
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.QueryCanceled }:
                case NpgsqlException { IsTransient: true }:
                case NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException }:
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }
}
