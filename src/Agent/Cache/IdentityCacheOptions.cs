namespace Bridge.Agent.Cache;

/// <summary>How the agent keeps its identity cache current (section <c>BridgeAgent:Cache</c>, docs/agent/cache.md).</summary>
public sealed class IdentityCacheOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BridgeAgent:Cache";

    /// <summary>The server's limit on one X.509-SVID batch (docs/agent-api.md).</summary>
    public const int ServerBatchLimit = 50;

    /// <summary>How often the agent asks the server for its entries (a 304 costs the server one read). Default 30 s.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>X.509-SVIDs per mint request, 1 to 50 (the server's limit). Default 50.</summary>
    public int MaxBatchSize { get; set; } = ServerBatchLimit;

    /// <summary>The first retry delay after a failed sync; doubled per failure up to <see cref="RetryBackoffMax"/>. Default 1 s.</summary>
    public TimeSpan RetryBackoffMin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest retry delay; at most <see cref="SyncInterval"/>. Default 30 s.</summary>
    public TimeSpan RetryBackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The fraction of an SVID's lifetime after which it is renewed. Default 0.5.</summary>
    public double RenewAt { get; set; } = 0.5;

    /// <summary>
    /// The random spread around <see cref="RenewAt"/>, as a fraction of the lifetime (0.05: renew between 45 % and 55 %),
    /// so that agents started together do not renew together. Default 0.05.
    /// </summary>
    public double RenewJitter { get; set; } = 0.05;

    /// <summary>The most JWT-SVIDs kept (per entry and audience set); the oldest is dropped first. Default 10,000.</summary>
    public int MaxCachedJwtSvids { get; set; } = 10_000;
}
