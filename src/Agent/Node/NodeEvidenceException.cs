namespace Bridge.Agent.Node;

/// <summary>The node's evidence could not be gathered (IMDS or STS unreachable, or an answer that is not evidence).</summary>
public sealed class NodeEvidenceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NodeEvidenceException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public NodeEvidenceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NodeEvidenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
