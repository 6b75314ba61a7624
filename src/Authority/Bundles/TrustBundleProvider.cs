using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Ca;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Bundles;

/// <summary>
/// The trust bundle of Bridge's trust domain: the X.509 roots and the published JWT-SVID keys. The same source feeds
/// <c>/bundle</c> (SPIFFE format), <c>/keys</c> (OIDC JWKS) and the roots returned with X.509-SVIDs, so they agree.
/// </summary>
public sealed class TrustBundleProvider
{
    private readonly JwtSvidIssuer _jwtIssuer;
    private readonly X509CertificateAuthority _ca;
    private readonly TrustDomain _trustDomain;
    private readonly TimeSpan _refreshHint;

    /// <summary>Creates the provider.</summary>
    public TrustBundleProvider(JwtSvidIssuer jwtIssuer, X509CertificateAuthority ca, IOptions<AuthorityOptions> options, TimeProvider timeProvider)
    {
        _jwtIssuer = jwtIssuer;
        _ca = ca;
        _trustDomain = TrustDomain.Parse(options.Value.TrustDomain);
        _refreshHint = options.Value.BundleRefreshHint;
        ArgumentNullException.ThrowIfNull(timeProvider);
    }

    /// <summary>The trust domain the bundle belongs to.</summary>
    public TrustDomain TrustDomain => _trustDomain;

    /// <summary>The published JWT-SVID keys.</summary>
    public async Task<IReadOnlyList<JwtAuthority>> GetJwtAuthoritiesAsync(CancellationToken cancellationToken)
    {
        var keys = await _jwtIssuer.GetPublishedKeysAsync(cancellationToken).ConfigureAwait(false);
        return ToAuthorities(keys);
    }

    /// <summary>The complete SPIFFE bundle.</summary>
    public async Task<SpiffeBundle> GetBundleAsync(CancellationToken cancellationToken)
    {
        var published = await _jwtIssuer.GetPublishedKeySetAsync(cancellationToken).ConfigureAwait(false);
        // spiffe_sequence: the JWT rotation state's revision, shared by all instances and growing with every change
        // of the key set. When the X.509 CA rotation exposes a revision too, publish the sum (still monotonic).
        return new SpiffeBundle(_trustDomain, _ca.TrustAnchors, ToAuthorities(published.Keys), published.Sequence, _refreshHint);
    }

    private static List<JwtAuthority> ToAuthorities(IReadOnlyList<JwtSigningKey> keys) =>
        [.. keys.Select(k => new JwtAuthority(k.KeyId, k.SubjectPublicKeyInfo))];
}
