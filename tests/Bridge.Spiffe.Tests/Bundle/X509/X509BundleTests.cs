using System.Security.Cryptography.X509Certificates;
using Bridge.Spiffe.Bundle.X509;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Tests.TestSupport;

namespace Bridge.Spiffe.Tests.Bundle.X509;

public sealed class X509BundleTests
{
    private static readonly TrustDomain Td = TrustDomain.Parse("example.org");

    [Fact]
    public void Constructor_KeepsOrderAndDropsDuplicates()
    {
        using var a = TestCertificates.CreateRoot("a");
        using var b = TestCertificates.CreateRoot("b");
        using var aCopy = X509CertificateLoader.LoadCertificate(a.RawData);
        var bundle = new X509Bundle(Td, [a, b, aCopy]);
        Assert.Equal([a, b], bundle.Authorities);
        Assert.True(bundle.HasAuthority(aCopy));
    }

    [Fact]
    public void HasAuthority_OtherCertificate_False()
    {
        using var a = TestCertificates.CreateRoot("a");
        using var b = TestCertificates.CreateRoot("b");
        Assert.False(new X509Bundle(Td, [a]).HasAuthority(b));
    }

    [Fact]
    public void Constructor_ZeroTrustDomain_Throws() =>
        Assert.Throws<ArgumentException>(() => new X509Bundle(default, []));

    [Fact]
    public void GetX509BundleForTrustDomain_ReturnsSelfOnlyForOwnDomain()
    {
        var bundle = new X509Bundle(Td, []);
        Assert.Same(bundle, bundle.GetX509BundleForTrustDomain(Td));
        Assert.Null(bundle.GetX509BundleForTrustDomain(TrustDomain.Parse("other.org")));
    }

    [Fact]
    public void Set_LooksUpByTrustDomain()
    {
        var one = new X509Bundle(Td, []);
        var two = new X509Bundle(TrustDomain.Parse("a.org"), []);
        var set = new X509BundleSet([one, two]);
        Assert.Same(one, set.GetX509BundleForTrustDomain(Td));
        Assert.Null(set.GetX509BundleForTrustDomain(TrustDomain.Parse("b.org")));
        Assert.Equal([two, one], set.Bundles);
    }

    [Fact]
    public void Set_DuplicateTrustDomain_Throws() =>
        Assert.Throws<ArgumentException>(() => new X509BundleSet([new X509Bundle(Td, []), new X509Bundle(Td, [])]));
}
