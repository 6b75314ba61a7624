using Bridge.Spiffe.Id;

namespace Bridge.Client.Sources;

/// <summary>
/// Hands out one <see cref="JwtSvidSource"/> per audience set (and SPIFFE ID and lifetime bound), so every caller
/// asking for the same audiences shares one cache and one in-flight exchange.
/// </summary>
public interface IJwtSvidSourceFactory
{
    /// <summary>The shared source for these audiences (order and duplicates do not matter).</summary>
    /// <exception cref="ArgumentException">No audience, more than 16, or a blank one.</exception>
    JwtSvidSource GetSource(IEnumerable<string> audiences, SpiffeId? spiffeId = null, TimeSpan? ttl = null);
}
