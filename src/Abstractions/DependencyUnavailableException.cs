namespace Bridge.Abstractions;

/// <summary>
/// A backend (key manager, store, upstream authority) cannot serve right now: throttled beyond its retries, or
/// unreachable. Callers may retry later; the exchange answers <c>temporarily_unavailable</c> (503) and writes nothing.
/// Bugs and misconfiguration throw other exceptions.
/// </summary>
public sealed class DependencyUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DependencyUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message naming the dependency (never a secret).</summary>
    public DependencyUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping the backend's own error.</summary>
    public DependencyUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
