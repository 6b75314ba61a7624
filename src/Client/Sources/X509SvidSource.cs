using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Client.DependencyInjection;
using Bridge.Client.Exchange;
using Bridge.Spiffe.Bundle.X509;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridge.Client.Sources;

/// <summary>
/// A rotating X.509-SVID and its trust bundle. Each rotation generates a new P-256 key in process and sends only its
/// CSR. No key exists before the first fetch: a key made during a SnapStart init phase would be cloned into every
/// restored instance, so the constructor deliberately does no cryptography.
/// </summary>
public sealed class X509SvidSource : IX509SvidSource
{
    private readonly RefreshingCache<Credential> _cache;

    /// <summary>Creates a source; nothing is generated or fetched until <see cref="GetX509SvidAsync"/>.</summary>
    /// <param name="client">The exchange client.</param>
    /// <param name="timeProvider">The clock that decides rotation and expiry.</param>
    /// <param name="spiffeId">The SPIFFE ID wanted, when several registration entries apply.</param>
    /// <param name="ttl">An upper bound on each SVID's lifetime.</param>
    /// <param name="refreshRetryInterval">After a failed rotation, how long the current SVID is served before trying again (default 5 s).</param>
    /// <param name="logger">Logs rotation failures (codes only).</param>
    public X509SvidSource(
        BridgeExchangeClient client,
        TimeProvider timeProvider,
        SpiffeId? spiffeId = null,
        TimeSpan? ttl = null,
        TimeSpan? refreshRetryInterval = null,
        ILogger<X509SvidSource>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _cache = new RefreshingCache<Credential>(
            cancel => IssueAsync(client, spiffeId, ttl, cancel),
            credential => (credential.Issued.IssuedAt, credential.Issued.ExpiresAt),
            timeProvider,
            refreshRetryInterval ?? new BridgeClientOptions().RefreshRetryInterval,
            logger ?? (ILogger)NullLogger.Instance);
    }

    /// <summary>The current SVID (leaf with its private key, then intermediates), or null before the first fetch or after expiry.</summary>
    public X509Svid? Current => _cache.Current?.Svid;

    /// <summary>The trust bundle that came with the current SVID, or null before the first fetch.</summary>
    public X509Bundle? TrustBundle => _cache.Current?.Issued.TrustBundle;

    /// <summary>
    /// Returns an X.509-SVID valid now, rotating at half its lifetime; while Bridge is unavailable the current one is
    /// returned until it expires.
    /// </summary>
    /// <exception cref="BridgeExchangeException">No valid SVID could be obtained.</exception>
    public async ValueTask<X509Svid> GetX509SvidAsync(CancellationToken cancellationToken = default) =>
        (await _cache.GetAsync(cancellationToken).ConfigureAwait(false)).Svid;

    /// <inheritdoc/>
    public X509Bundle? GetX509BundleForTrustDomain(TrustDomain trustDomain) => TrustBundle?.GetX509BundleForTrustDomain(trustDomain);

    private static async Task<Credential> IssueAsync(BridgeExchangeClient client, SpiffeId? spiffeId, TimeSpan? ttl, CancellationToken cancel)
    {
        // The key lives in this process only; the private key object is owned by the leaf copy below.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=bridge-client", key, HashAlgorithmName.SHA256).CreateSigningRequest();
        var issued = await client.RequestX509SvidAsync(csr, spiffeId, ttl, cancel).ConfigureAwait(false);
        using var issuedKey = issued.Leaf.GetECDsaPublicKey();
        if (issuedKey is null || !issuedKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            throw new BridgeExchangeException(BridgeExchangeException.InvalidResponse, "The issued certificate is not for the requested key.", System.Net.HttpStatusCode.OK);
        }

        var leaf = issued.Leaf.CopyWithPrivateKey(key);
        return new Credential(issued, new X509Svid(issued.SpiffeId, [leaf, .. issued.Chain.Skip(1)]));
    }

    private sealed record Credential(IssuedX509Svid Issued, X509Svid Svid);
}
