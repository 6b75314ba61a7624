namespace Bridge.Agent.Workloads;

/// <summary>A Workload API caller could not be attested safely. The message is for the agent's log, never for the caller.</summary>
public sealed class WorkloadAttestationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkloadAttestationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public WorkloadAttestationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public WorkloadAttestationException()
    {
    }
}
