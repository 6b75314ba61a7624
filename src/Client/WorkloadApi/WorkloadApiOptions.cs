namespace Bridge.Client.WorkloadApi;

/// <summary>Where the SPIFFE Workload API is and which identity to use from it.</summary>
public sealed class WorkloadApiOptions
{
    /// <summary>The environment variable a client falls back to when <see cref="Address"/> is not set (SPIFFE Workload Endpoint §4).</summary>
    public const string EndpointSocketVariable = "SPIFFE_ENDPOINT_SOCKET";

    /// <summary>
    /// The endpoint: <c>unix:///absolute/path</c> or <c>tcp://IP:port</c> (an IP literal, nothing after the port).
    /// <c>null</c> reads <see cref="EndpointSocketVariable"/>.
    /// </summary>
    public string? Address { get; set; }

    /// <summary>The SPIFFE ID to use when the workload is entitled to several; <c>null</c> for the default (the first one the agent sends).</summary>
    public string? SpiffeId { get; set; }

    /// <summary>The hint of the X.509-SVID to use (an operator-chosen label of a registration entry); ignored when <see cref="SpiffeId"/> is set.</summary>
    public string? Hint { get; set; }

    /// <summary>The first delay before reconnecting a failed stream; doubles per failure, with jitter.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest delay between reconnection attempts.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The limit for one unary call (<c>FetchJWTSVID</c>, <c>ValidateJWTSVID</c>).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The address in effect: <see cref="Address"/>, else the environment variable.</summary>
    internal string? ResolveAddress() => Address ?? Environment.GetEnvironmentVariable(EndpointSocketVariable);
}
