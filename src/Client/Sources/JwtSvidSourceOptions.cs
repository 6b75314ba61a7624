namespace Bridge.Client.Sources;

/// <summary>One <see cref="JwtSvidSource"/> registered in DI (named options; the name is the service key).</summary>
public sealed class JwtSvidSourceOptions
{
    /// <summary>The audiences every SVID of the source carries (1–16, none blank).</summary>
    public IList<string> Audiences { get; } = [];

    /// <summary>The SPIFFE ID wanted, when several registration entries apply; <c>null</c> lets Bridge choose.</summary>
    public string? SpiffeId { get; set; }

    /// <summary>An upper bound on each SVID's lifetime (at least one second); <c>null</c> takes Bridge's default.</summary>
    public TimeSpan? Ttl { get; set; }
}
