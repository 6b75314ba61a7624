using Bridge.Spiffe.Bundle.X509;

namespace Bridge.Spiffe.Svid.X509;

/// <summary>
/// A rotating X.509-SVID and the bundles that verify peers (go-spiffe <c>x509svid.Source</c> with
/// <c>x509bundle.Source</c>). Implemented over the direct token exchange and over the SPIFFE Workload API, so the mTLS
/// helpers work with either.
/// </summary>
public interface IX509SvidSource : IX509BundleSource
{
    /// <summary>The current SVID (leaf with its private key, then intermediates) without waiting, or null when none is valid yet.</summary>
    X509Svid? Current { get; }

    /// <summary>Returns an SVID valid now, waiting for the first one (or a rotation that is due) when needed.</summary>
    /// <exception cref="Exception">No valid SVID could be obtained; each implementation documents the exception it throws.</exception>
    ValueTask<X509Svid> GetX509SvidAsync(CancellationToken cancellationToken = default);
}
