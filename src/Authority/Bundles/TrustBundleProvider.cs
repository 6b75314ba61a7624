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

    // The last bundle built. Building one parses every JWT key (a public-key import each, ~150 µs), and agents ask for
    // the bundle on every sync: an unchanged key set and CA reuse it.
    private volatile SpiffeBundle? _last;

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

    /// <summary>The X.509 authorities (roots) of the bundle, which every SVID Bridge issues chains to.</summary>
    public Task<IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2>> GetX509AuthoritiesAsync(
        CancellationToken cancellationToken) => _ca.GetTrustAnchorsAsync(cancellationToken);

    /// <summary>The complete SPIFFE bundle.</summary>
    public async Task<SpiffeBundle> GetBundleAsync(CancellationToken cancellationToken)
    {
        var published = await _jwtIssuer.GetPublishedKeySetAsync(cancellationToken).ConfigureAwait(false);
        var x509Authorities = await _ca.GetTrustAnchorsAsync(cancellationToken).ConfigureAwait(false);
        // spiffe_sequence: the sum of the JWT key state's and the CA state's revisions. Both are shared by every
        // instance and only grow, so the sum grows whenever either set changes and agrees across instances.
        var sequence = published.Sequence + _ca.StateRevision;
        if (_last is { } last && last.SequenceNumber == sequence && Same(last, x509Authorities, published.Keys))
        {
            return last;
        }

        var bundle = new SpiffeBundle(_trustDomain, x509Authorities, ToAuthorities(published.Keys), sequence, _refreshHint);
        _last = bundle;
        return bundle;
    }

    private static bool Same(SpiffeBundle bundle, IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> x509Authorities, IReadOnlyList<JwtSigningKey> keys)
    {
        if (bundle.X509Authorities.Count != x509Authorities.Count || bundle.JwtAuthorities.Count != keys.Count)
        {
            return false;
        }

        for (var i = 0; i < x509Authorities.Count; i++)
        {
            if (!bundle.X509Authorities[i].RawDataMemory.Span.SequenceEqual(x509Authorities[i].RawDataMemory.Span))
            {
                return false;
            }
        }

        foreach (var key in keys)
        {
            if (!bundle.JwtAuthorities.TryGetValue(key.KeyId, out var authority)
                || !authority.SubjectPublicKeyInfo.AsSpan().SequenceEqual(key.SubjectPublicKeyInfo))
            {
                return false;
            }
        }

        return true;
    }

    private static List<JwtAuthority> ToAuthorities(IReadOnlyList<JwtSigningKey> keys) =>
        [.. keys.Select(k => new JwtAuthority(k.KeyId, k.SubjectPublicKeyInfo))];
}
