using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Tests.TestSupport;

namespace Bridge.Spiffe.Tests.Bundle.Jwt;

public sealed class JwtBundleTests
{
    private static readonly TrustDomain Td = TrustDomain.Parse("example.org");

    [Fact]
    public void Constructor_IndexesAuthoritiesByKeyId()
    {
        var a = JwtAuthority.FromPublicKey("a", TestKeys.P256);
        var b = JwtAuthority.FromPublicKey("b", TestKeys.Rsa2048);
        var bundle = new JwtBundle(Td, [a, b]);
        Assert.Equal(Td, bundle.TrustDomain);
        Assert.Equal(2, bundle.Authorities.Count);
        Assert.True(bundle.TryGetAuthority("b", out var found));
        Assert.Same(b, found);
        Assert.False(bundle.TryGetAuthority("B", out _));
    }

    [Fact]
    public void Constructor_DuplicateKeyId_Throws() =>
        Assert.Throws<ArgumentException>(() => new JwtBundle(
            Td, [JwtAuthority.FromPublicKey("a", TestKeys.P256), JwtAuthority.FromPublicKey("a", TestKeys.P384)]));

    [Fact]
    public void Constructor_ZeroTrustDomain_Throws() =>
        Assert.Throws<ArgumentException>(() => new JwtBundle(default, []));

    [Fact]
    public void GetJwtBundleForTrustDomain_ReturnsSelfOnlyForOwnDomain()
    {
        var bundle = new JwtBundle(Td, []);
        Assert.Same(bundle, bundle.GetJwtBundleForTrustDomain(Td));
        Assert.Null(bundle.GetJwtBundleForTrustDomain(TrustDomain.Parse("other.org")));
    }

    [Fact]
    public void Set_LooksUpByTrustDomain()
    {
        var one = new JwtBundle(Td, []);
        var two = new JwtBundle(TrustDomain.Parse("a.org"), []);
        var set = new JwtBundleSet([one, two]);
        Assert.Same(one, set.GetJwtBundleForTrustDomain(Td));
        Assert.Same(two, set.GetJwtBundleForTrustDomain(TrustDomain.Parse("a.org")));
        Assert.Null(set.GetJwtBundleForTrustDomain(TrustDomain.Parse("b.org")));
        Assert.Equal([two, one], set.Bundles);
    }

    [Fact]
    public void Set_DuplicateTrustDomain_Throws() =>
        Assert.Throws<ArgumentException>(() => new JwtBundleSet([new JwtBundle(Td, []), new JwtBundle(Td, [])]));
}
