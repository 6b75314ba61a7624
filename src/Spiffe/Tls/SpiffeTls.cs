using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Bridge.Spiffe.Bundle.X509;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;

namespace Bridge.Spiffe.Tls;

/// <summary>
/// Ready-made mutual TLS with X.509-SVIDs: each side presents its SVID with intermediates, verifies the peer's chain
/// against the SPIFFE bundle only (never the system store, never the host name) and authorizes the peer's SPIFFE ID
/// with a predicate such as <see cref="SpiffeIdMatcher.Exact"/>, <see cref="SpiffeIdMatcher.OneOf"/> or
/// <see cref="SpiffeIdMatcher.MemberOf"/>. The overloads taking an <see cref="X509Svid"/> build snapshots; the
/// rotation-aware ones (<see cref="CreateServerOptionsSelector"/>, <see cref="CreateClientOptionsAsync"/>,
/// <see cref="CreateHttpHandler(IX509SvidSource, Func{SpiffeId, bool}, TimeProvider, TimeSpan?)"/>) pick the source's
/// current SVID for every handshake, and peers are always checked against the source's current bundle.
/// </summary>
public static partial class SpiffeTls
{
    // offline: the intermediates are sent as given; nothing is fetched or looked up in the system store.
    private static readonly ConditionalWeakTable<X509Svid, SslStreamCertificateContext> Contexts = new();

    /// <summary>Client options presenting <paramref name="svid"/> and accepting only authorized peers.</summary>
    /// <param name="svid">This side's SVID; its leaf must carry the private key.</param>
    /// <param name="bundles">The trust bundles that peers' chains must verify against.</param>
    /// <param name="authorizePeer">Which peer SPIFFE IDs are acceptable.</param>
    /// <param name="timeProvider">The clock for chain validity.</param>
    /// <param name="targetHost">The SNI name; not used for authorization.</param>
    public static SslClientAuthenticationOptions CreateClientOptions(
        X509Svid svid, IX509BundleSource bundles, Func<SpiffeId, bool> authorizePeer, TimeProvider timeProvider, string targetHost = "localhost") =>
        new()
        {
            TargetHost = targetHost,
            ClientCertificateContext = CreateContext(svid),
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,

            // A resumed session skips certificate exchange, so the peer would not be re-verified or re-authorized.
            AllowTlsResume = false,
            RemoteCertificateValidationCallback = CreateValidator(bundles, authorizePeer, timeProvider),
        };

    /// <summary>Server options presenting <paramref name="svid"/>, requiring a client SVID and accepting only authorized peers.</summary>
    /// <param name="svid">This side's SVID; its leaf must carry the private key.</param>
    /// <param name="bundles">The trust bundles that peers' chains must verify against.</param>
    /// <param name="authorizePeer">Which peer SPIFFE IDs are acceptable.</param>
    /// <param name="timeProvider">The clock for chain validity.</param>
    public static SslServerAuthenticationOptions CreateServerOptions(
        X509Svid svid, IX509BundleSource bundles, Func<SpiffeId, bool> authorizePeer, TimeProvider timeProvider) =>
        new()
        {
            ServerCertificateContext = CreateContext(svid),
            ClientCertificateRequired = true,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,

            // A resumed session skips certificate exchange, so the peer would not be re-verified or re-authorized.
            AllowTlsResume = false,
            RemoteCertificateValidationCallback = CreateValidator(bundles, authorizePeer, timeProvider),
        };

    /// <summary>
    /// A <see cref="SocketsHttpHandler"/> whose TLS connections present <paramref name="svid"/> and accept only
    /// authorized servers. Connections are recycled after <paramref name="connectionLifetime"/> (default 1 minute).
    /// </summary>
    public static SocketsHttpHandler CreateHttpHandler(
        X509Svid svid, IX509BundleSource bundles, Func<SpiffeId, bool> authorizePeer, TimeProvider timeProvider, TimeSpan? connectionLifetime = null) =>
        new()
        {
            SslOptions = CreateClientOptions(svid, bundles, authorizePeer, timeProvider),
            PooledConnectionLifetime = connectionLifetime ?? TimeSpan.FromMinutes(1),
        };

    /// <summary>
    /// Verifies a peer certificate and the intermediates it sent against <paramref name="bundles"/> and authorizes
    /// its SPIFFE ID. The platform's own verdict (<see cref="SslPolicyErrors"/>) is ignored on purpose: it judges
    /// by the system store and host names, neither of which means anything for SPIFFE.
    /// </summary>
    public static RemoteCertificateValidationCallback CreateValidator(
        IX509BundleSource bundles, Func<SpiffeId, bool> authorizePeer, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(bundles);
        ArgumentNullException.ThrowIfNull(authorizePeer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        return (_, certificate, chain, _) => VerifyPeer(certificate, chain, bundles, authorizePeer, timeProvider) is { IsZero: false };
    }

    /// <summary>The peer's verified and authorized SPIFFE ID, or the zero ID when it is refused.</summary>
    public static SpiffeId VerifyPeer(
        X509Certificate? certificate, X509Chain? chain, IX509BundleSource bundles, Func<SpiffeId, bool> authorizePeer, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(bundles);
        ArgumentNullException.ThrowIfNull(authorizePeer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (certificate is null)
        {
            return default;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var presented = new List<X509Certificate2> { leaf };
        if (chain is not null)
        {
            // ExtraStore holds what the peer sent; the leaf itself may be among it.
            presented.AddRange(chain.ChainPolicy.ExtraStore.Where(c => !c.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)));
        }

        var result = X509SvidVerifier.Verify(presented, bundles, timeProvider.GetUtcNow());
        return result.IsValid && authorizePeer(result.Id) ? result.Id : default;
    }

    private static SslStreamCertificateContext CreateContext(X509Svid svid)
    {
        ArgumentNullException.ThrowIfNull(svid);
        if (!svid.Leaf.HasPrivateKey)
        {
            throw new ArgumentException("The SVID's leaf must carry its private key.", nameof(svid));
        }

        // One context per SVID object: building it is not free, and a source hands out the same object until it rotates.
        return Contexts.GetValue(svid, static s => SslStreamCertificateContext.Create(s.Leaf, [.. s.Certificates.Skip(1)], offline: true));
    }
}
