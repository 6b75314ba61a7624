using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Spiffe.Bundle.X509;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;
using Bridge.Spiffe.Tests.TestSupport;
using Bridge.Spiffe.Tls;

namespace Bridge.Spiffe.Tests.Tls;

/// <summary>
/// The rotation-aware <see cref="SpiffeTls"/> helpers over any <see cref="IX509SvidSource"/>: each handshake takes
/// the source's SVID of that moment. (Real handshakes against both kinds of source are in Bridge.Client.Tests.)
/// </summary>
public sealed class SpiffeTlsSourceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Selector_PresentsWhateverTheSourceHoldsAtEachHandshake()
    {
        var source = new SwitchableSource();
        var selector = SpiffeTls.CreateServerOptionsSelector(source, _ => true, TimeProvider.System);
        var first = source.Rotate();
        var atFirst = await selector(null!, default, null, Ct);
        var second = source.Rotate();
        var atSecond = await selector(null!, default, null, Ct);

        Assert.Equal(first.Leaf.Thumbprint, atFirst.ServerCertificateContext!.TargetCertificate.Thumbprint);
        Assert.Equal(second.Leaf.Thumbprint, atSecond.ServerCertificateContext!.TargetCertificate.Thumbprint);
        Assert.True(atSecond.ClientCertificateRequired);
        Assert.False(atSecond.AllowTlsResume);
    }

    [Fact]
    public void SnapshotOptions_WithoutACurrentSvid_Throw()
    {
        var source = new SwitchableSource();

        Assert.Throws<InvalidOperationException>(() => SpiffeTls.CreateClientOptions(source, _ => true, TimeProvider.System));
        Assert.Throws<InvalidOperationException>(() => SpiffeTls.CreateServerOptions(source, _ => true, TimeProvider.System));
    }

    /// <summary>A source whose SVID the test replaces; its bundle is the issuing root.</summary>
    private sealed class SwitchableSource : IX509SvidSource
    {
        private readonly X509Certificate2 _root = TestCertificates.CreateRoot("root");

        public X509Svid? Current { get; private set; }

        public X509Svid Rotate()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=w", key, HashAlgorithmName.SHA256);
            using var issuerKey = _root.GetECDsaPrivateKey()!;
            using var leaf = request.Create(_root.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1), [1, 2, 3]);
            Current = new X509Svid(SpiffeId.Parse("spiffe://example.org/w"), [leaf.CopyWithPrivateKey(key)]);
            return Current;
        }

        public ValueTask<X509Svid> GetX509SvidAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Current ?? throw new InvalidOperationException("no SVID"));

        public X509Bundle? GetX509BundleForTrustDomain(TrustDomain trustDomain) => new X509Bundle(trustDomain, [_root]);
    }
}
