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
    private readonly long _sequence;

    /// <summary>Creates the provider.</summary>
    public TrustBundleProvider(JwtSvidIssuer jwtIssuer, X509CertificateAuthority ca, IOptions<AuthorityOptions> options, TimeProvider timeProvider)
    {
        _jwtIssuer = jwtIssuer;
        _ca = ca;
        _trustDomain = TrustDomain.Parse(options.Value.TrustDomain);
        _refreshHint = options.Value.BundleRefreshHint;

        // The key set is fixed for the life of the process until rotation lands, so the start time is a sequence
        // number that increases whenever the contents can have changed (SPIFFE bundle spec: spiffe_sequence).
        _sequence = timeProvider.GetUtcNow().ToUnixTimeSeconds();
    }

    /// <summary>The trust domain the bundle belongs to.</summary>
    public TrustDomain TrustDomain => _trustDomain;

    /// <summary>The published JWT-SVID keys.</summary>
    public async Task<IReadOnlyList<JwtAuthority>> GetJwtAuthoritiesAsync(CancellationToken cancellationToken)
    {
        var keys = await _jwtIssuer.GetPublishedKeysAsync(cancellationToken).ConfigureAwait(false);
        return [.. keys.Select(k => new JwtAuthority(k.KeyId, k.SubjectPublicKeyInfo))];
    }

    /// <summary>The complete SPIFFE bundle.</summary>
    public async Task<SpiffeBundle> GetBundleAsync(CancellationToken cancellationToken)
    {
        var jwtAuthorities = await GetJwtAuthoritiesAsync(cancellationToken).ConfigureAwait(false);
        var x509Authorities = await _ca.GetTrustAnchorsAsync(cancellationToken).ConfigureAwait(false);
        return new SpiffeBundle(_trustDomain, x509Authorities, jwtAuthorities, _sequence, _refreshHint);
    }
}
