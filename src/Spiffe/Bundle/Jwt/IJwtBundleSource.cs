using Bridge.Spiffe.Id;

namespace Bridge.Spiffe.Bundle.Jwt;

/// <summary>Supplies the JWT authorities of a trust domain (go-spiffe <c>jwtbundle.Source</c>).</summary>
public interface IJwtBundleSource
{
    /// <summary>Returns the bundle for <paramref name="trustDomain"/>, or null when the source has none.</summary>
    JwtBundle? GetJwtBundleForTrustDomain(TrustDomain trustDomain);
}
