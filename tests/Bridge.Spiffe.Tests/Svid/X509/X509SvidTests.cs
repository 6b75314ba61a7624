using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;
using Bridge.Spiffe.Tests.TestSupport;

namespace Bridge.Spiffe.Tests.Svid.X509;

public sealed class X509SvidTests
{
    [Fact]
    public void Constructor_KeepsIdAndLeafFirstChain()
    {
        using var root = TestCertificates.CreateRoot("root");
        using var leaf = TestCertificates.CreateLeaf(root);
        var id = SpiffeId.Parse("spiffe://example.org/workload");
        var svid = new X509Svid(id, [leaf, root]);
        Assert.Equal(id, svid.Id);
        Assert.Same(leaf, svid.Leaf);
        Assert.Equal([leaf, root], svid.Certificates);
    }

    [Fact]
    public void Constructor_ZeroIdOrEmptyChain_Throws()
    {
        using var root = TestCertificates.CreateRoot("root");
        Assert.Throws<ArgumentException>(() => new X509Svid(default, [root]));
        Assert.Throws<ArgumentException>(() => new X509Svid(SpiffeId.Parse("spiffe://example.org/x"), []));
    }
}
