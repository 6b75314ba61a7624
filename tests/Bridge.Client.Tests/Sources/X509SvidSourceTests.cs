using System.Security.Cryptography.X509Certificates;
using Bridge.Client.Sources;
using Bridge.Client.Tests.TestSupport;
using Bridge.Spiffe.Svid.X509;

namespace Bridge.Client.Tests.Sources;

/// <summary>The rotating X.509-SVID: lazy key generation, chain with private key, bundle, rotation at half life.</summary>
public sealed class X509SvidSourceTests(ExchangeHost host) : IClassFixture<ExchangeHost>
{
    [Fact]
    public void Constructor_DoesNoExchange_AndHasNoSvid()
    {
        var test = host.CreateExchangeClient(host.TokensFor("Lazy"));

        var source = new X509SvidSource(test.Client, host.Time);

        Assert.Null(source.Current);
        Assert.Null(source.GetX509BundleForTrustDomain(ExchangeHost.TrustDomain));
        Assert.Equal(0, test.Handler.Requests);
    }

    [Fact]
    public async Task GetX509Svid_FirstUse_LeafWithPrivateKeyIntermediatesAndBundle()
    {
        var id = await host.RegisterAsync("Workload");
        var test = host.CreateExchangeClient(host.TokensFor("Workload"));
        var source = new X509SvidSource(test.Client, host.Time);

        var svid = await source.GetX509SvidAsync(TestContext.Current.CancellationToken);

        Assert.Equal(id, svid.Id);
        Assert.True(svid.Leaf.HasPrivateKey);
        Assert.Equal(2, svid.Certificates.Count);
        Assert.Same(svid, source.Current);
        var bundle = source.GetX509BundleForTrustDomain(ExchangeHost.TrustDomain);
        Assert.NotNull(bundle);
        Assert.True(X509SvidVerifier.Verify(svid.Certificates, source, host.Time.GetUtcNow()).IsValid);
        using var key = svid.Leaf.GetECDsaPrivateKey();
        Assert.Equal(256, key!.KeySize);
    }

    [Fact]
    public async Task GetX509Svid_AfterHalfLife_RotatesToNewKey()
    {
        await host.RegisterAsync("Rotating");
        var test = host.CreateExchangeClient(host.TokensFor("Rotating"));
        var source = new X509SvidSource(test.Client, host.Time);

        var first = await source.GetX509SvidAsync(TestContext.Current.CancellationToken);
        var lifetime = first.Leaf.NotAfter.ToUniversalTime() - host.Time.GetUtcNow().UtcDateTime;
        host.Time.Advance((lifetime / 2) - TimeSpan.FromSeconds(5));
        var beforeHalf = await source.GetX509SvidAsync(TestContext.Current.CancellationToken);
        host.Time.Advance(TimeSpan.FromSeconds(10));
        var rotated = await source.GetX509SvidAsync(TestContext.Current.CancellationToken);

        Assert.Same(first, beforeHalf);
        Assert.NotSame(first, rotated);
        Assert.NotEqual(first.Leaf.GetPublicKey(), rotated.Leaf.GetPublicKey());
        Assert.Equal(2, test.Handler.Requests);
    }
}
