using System.Security.Cryptography;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Tests.TestSupport;

namespace Bridge.Spiffe.Tests.Bundle;

public sealed class SpiffeBundleTests
{
    private static readonly TrustDomain Td = TrustDomain.Parse("example.org");

    [Fact]
    public void Constructor_ExposesEveryPart()
    {
        using var root = TestCertificates.CreateRoot("root");
        var jwt = JwtAuthority.FromPublicKey("k", TestKeys.P256);
        var bundle = new SpiffeBundle(Td, [root], [jwt], 7, TimeSpan.FromMinutes(5));
        Assert.Equal(Td, bundle.TrustDomain);
        Assert.Equal([root], bundle.X509Authorities);
        Assert.Same(jwt, bundle.JwtAuthorities["k"]);
        Assert.Equal(7, bundle.SequenceNumber);
        Assert.Equal(TimeSpan.FromMinutes(5), bundle.RefreshHint);
        Assert.Same(bundle.X509Bundle, bundle.GetX509BundleForTrustDomain(Td));
        Assert.Same(bundle.JwtBundle, bundle.GetJwtBundleForTrustDomain(Td));
        Assert.Equal([root], bundle.X509Bundle.Authorities);
        Assert.Same(jwt, bundle.JwtBundle.Authorities["k"]);
    }

    [Fact]
    public void Sources_OtherTrustDomain_ReturnNull()
    {
        var bundle = new SpiffeBundle(Td, [], []);
        var other = TrustDomain.Parse("other.org");
        Assert.Null(bundle.GetX509BundleForTrustDomain(other));
        Assert.Null(bundle.GetJwtBundleForTrustDomain(other));
        Assert.Null(bundle.SequenceNumber);
        Assert.Null(bundle.RefreshHint);
    }

    [Fact]
    public void Constructor_ZeroTrustDomain_Throws() => Assert.Throws<ArgumentException>(() => new SpiffeBundle(default, [], []));

    [Fact]
    public void Constructor_NegativeSequence_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpiffeBundle(Td, [], [], sequenceNumber: -1));

    [Fact]
    public void Constructor_NegativeRefreshHint_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpiffeBundle(Td, [], [], refreshHint: TimeSpan.FromSeconds(-1)));

    [Fact]
    public void Constructor_DuplicateJwtKeyId_Throws() =>
        Assert.Throws<ArgumentException>(() => new SpiffeBundle(
            Td, [], [JwtAuthority.FromPublicKey("k", TestKeys.P256), JwtAuthority.FromPublicKey("k", TestKeys.P384)]));

    [Fact]
    public void Constructor_X509AuthorityWithUnsupportedKey_Throws()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1);
        using var root = TestCertificates.CreateRoot("brainpool", key);
        Assert.Throws<ArgumentException>(() => new SpiffeBundle(Td, [root], []));
    }
}
