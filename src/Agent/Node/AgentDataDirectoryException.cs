namespace Bridge.Agent.Node;

/// <summary>The data directory or a file in it is unsafe (group/world access, another owner, a link) or unusable: the agent refuses to start.</summary>
public sealed class AgentDataDirectoryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AgentDataDirectoryException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public AgentDataDirectoryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AgentDataDirectoryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
