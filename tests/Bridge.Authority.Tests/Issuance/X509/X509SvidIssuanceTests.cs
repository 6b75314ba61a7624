using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Tests.Ca;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Tests.Issuance.X509;

public sealed class X509SvidIssuanceTests
{
    [Fact]
    public async Task IssueAsync_Result_DerLeafAndSerialDescribeOneCertificate()
    {
        using var fixture = new CaFixture();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=x", key, HashAlgorithmName.SHA256).CreateSigningRequest();

        var issued = await fixture.Issuer.IssueAsync(csr, SpiffeId.Parse("spiffe://example.org/w"), [], TimeSpan.FromMinutes(10), CancellationToken.None);

        Assert.True(issued.Succeeded);
        Assert.Equal(issued.LeafDer.ToArray(), issued.Leaf.RawData);
        Assert.Equal(issued.Leaf.SerialNumber, issued.SerialNumber);
        Assert.Equal(new DateTimeOffset(issued.Leaf.NotAfter.ToUniversalTime()), issued.ExpiresAt);
    }

    [Fact]
    public void Failed_HasNoCertificate()
    {
        var failed = X509SvidIssuance.Failed(X509SvidFailure.MalformedCsr);
        Assert.False(failed.Succeeded);
        Assert.Null(failed.Leaf);
        Assert.True(failed.LeafDer.IsEmpty);
    }
}
