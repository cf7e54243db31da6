namespace SimpleCrm.Contracts.Common;

/// <summary>
/// A grain could not reach what it depends on (PostgreSQL down, restarting or too slow); nothing was changed and
/// the caller may try again shortly. Thrown in place of the driver's own exception, which Orleans cannot carry
/// from a silo to an API node; the API answers it with 503 and Retry-After.
/// </summary>
[GenerateSerializer]
[Alias("SimpleCrm.DependencyUnavailable")]
public sealed class DependencyUnavailableException : Exception
{
    public DependencyUnavailableException()
    {
    }

    public DependencyUnavailableException(string message)
        : base(message)
    {
    }

    public DependencyUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
