namespace Bridge.Agent.Server;

/// <summary>A call to the agent API failed. The message names the route and status, never a token, CSR or key.</summary>
public sealed class AgentServerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AgentServerException(AgentServerFailure failure, string message, int? statusCode = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates the exception.</summary>
    public AgentServerException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public AgentServerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AgentServerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What kind of failure it was.</summary>
    public AgentServerFailure Failure { get; } = AgentServerFailure.Unavailable;

    /// <summary>The HTTP status, when there was an answer.</summary>
    public int? StatusCode { get; }

    /// <summary>The server's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The OAuth <c>error</c> code of the answer (e.g. <c>access_denied</c>), when there was one.</summary>
    public string? Error { get; init; }
}
