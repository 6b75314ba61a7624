using System.Security.Cryptography.X509Certificates;

namespace Bridge.Abstractions.Upstream;

/// <summary>What an upstream authority returns for Bridge's intermediate CA.</summary>
/// <param name="CaChain">Bridge's intermediate certificate first, then any upstream intermediates (not the root).</param>
/// <param name="UpstreamRoots">The trust anchors that validate the chain; they go into the X.509 trust bundle.</param>
public sealed record UpstreamCaChain(IReadOnlyList<X509Certificate2> CaChain, IReadOnlyList<X509Certificate2> UpstreamRoots);
