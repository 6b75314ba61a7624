namespace Bridge.Agent.Hosting;

/// <summary>Settings the agent refuses before it starts, each problem with its full key.</summary>
public sealed class AgentSettingsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AgentSettingsException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems ?? []))
    {
        Problems = problems ?? [];
    }

    /// <summary>Creates the exception.</summary>
    public AgentSettingsException()
        : this([])
    {
    }

    /// <summary>Creates the exception.</summary>
    public AgentSettingsException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception.</summary>
    public AgentSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Every problem, each a line naming its key.</summary>
    public IReadOnlyList<string> Problems { get; }
}
