namespace Bridge.Authority.Rotation;

/// <summary>
/// When JWT-SVID signing keys are prepared, activated, retired and dropped. Bound from configuration section
/// <c>Bridge:Authority:JwtKeys</c>. The published key set also depends on <see cref="AuthorityOptions.BundleRefreshHint"/>
/// and <see cref="AuthorityOptions.MaxJwtSvidTtl"/>; docs/rotation.md shows the timeline.
/// </summary>
public sealed class JwtKeyRotationOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Authority:JwtKeys";

    /// <summary>
    /// The planned life of a key from activation (default 24 h, SPIRE's CA TTL): the next key is prepared at ½ and
    /// activated at ⅚ of it.
    /// </summary>
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromHours(24);


    /// <summary>
    /// How much longer an instance keeps serving its last good state when re-reading fails (default 90 s); after that
    /// it fails closed. Every rotation wait includes refresh interval plus this tolerance: the oldest view any instance
    /// may act on.
    /// </summary>
    public TimeSpan StateStaleTolerance { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Extra time a retired key stays published for clocks that disagree (default 5 min, the skew AWS IAM allows past
    /// <c>exp</c>).
    /// </summary>
    public TimeSpan ClockSkewAllowance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a claimed key generation may take before any instance may take it over (default 5 min). It must exceed
    /// the slowest key generation, or a takeover races the original generator.
    /// </summary>
    public TimeSpan PendingTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The most keys <c>/keys</c> and <c>/bundle</c> ever publish (default 4; 2–100, AWS IAM reads at most 100 keys of
    /// a type). When preparing a key would exceed it, rotation waits until a retired key drops out.
    /// </summary>
    public int MaxPublishedKeys { get; set; } = 4;
}
