using Bridge.Abstractions.Keys;

namespace Bridge.Authority;

/// <summary>Settings of the issuing authority. Bound from configuration section <c>Bridge:Authority</c>.</summary>
public sealed class AuthorityOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Authority";

    /// <summary>The trust domain Bridge issues for, for example <c>example.org</c>.</summary>
    public string TrustDomain { get; set; } = string.Empty;

    /// <summary>
    /// The public issuer URL: the <c>iss</c> of every JWT-SVID and the base of OIDC discovery. AWS IAM requires
    /// https; plain http is accepted only for loopback hosts (local development and tests).
    /// </summary>
    public string Issuer { get; set; } = string.Empty;

    /// <summary>X.509-SVID lifetime when neither the entry nor the request sets one (SPIRE's default: 1 hour).</summary>
    public TimeSpan DefaultX509SvidTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>JWT-SVID lifetime when neither the entry nor the request sets one (SPIRE's default: 5 minutes).</summary>
    public TimeSpan DefaultJwtSvidTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest JWT-SVID the signing key may issue: the bound for how long a retired key stays published.</summary>
    public TimeSpan MaxJwtSvidTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Key type for JWT-SVID signing: <see cref="KeyType.EcP256"/> (ES256, default) or an RSA type (RS256).</summary>
    public KeyType JwtKeyType { get; set; } = KeyType.EcP256;

    /// <summary>Key type of Bridge's intermediate CA, which signs X.509-SVIDs.</summary>
    public KeyType CaKeyType { get; set; } = KeyType.EcP256;

    /// <summary>Lifetime requested for Bridge's intermediate CA. X.509-SVIDs never outlive it.</summary>
    public TimeSpan CaTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary><c>spiffe_refresh_hint</c> published in the SPIFFE bundle.</summary>
    public TimeSpan BundleRefreshHint { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often an instance re-reads the shared rotation state (X.509 CA slots, signing keys) from the state store, off
    /// the request path. It bounds how long instances disagree after a rotation step.
    /// </summary>
    public TimeSpan StateRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an instance keeps serving its last good rotation state while the state store cannot be read; after
    /// that, issuance answers temporarily_unavailable rather than sign with a CA other instances may have retired.
    /// </summary>
    public TimeSpan StateMaxStaleness { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a claim to prepare the next CA (or root) may stay unfinished before another instance takes it over,
    /// on the assumption that its owner died. Longer than the slowest upstream mint (ACM PCA's issuance wait).
    /// </summary>
    public TimeSpan CaPendingTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
