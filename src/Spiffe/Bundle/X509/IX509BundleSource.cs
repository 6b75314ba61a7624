using Bridge.Spiffe.Id;

namespace Bridge.Spiffe.Bundle.X509;

/// <summary>Supplies the X.509 authorities of a trust domain (go-spiffe <c>x509bundle.Source</c>).</summary>
public interface IX509BundleSource
{
    /// <summary>Returns the bundle for <paramref name="trustDomain"/>, or null when the source has none.</summary>
    X509Bundle? GetX509BundleForTrustDomain(TrustDomain trustDomain);
}
