using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.ExchangeFunction.Tests.TestSupport;

namespace Bridge.ExchangeFunction.Tests.Security;

/// <summary>Hostile certificate signing requests through HTTP: only the CSR's public key may ever matter.</summary>
public sealed class CsrAttackTests(BridgeFactory factory) : IClassFixture<BridgeFactory>
{
    private const string KeyCertSignOrCrlSign = "keyCertSign/cRLSign";

    [Fact]
    public async Task Token_CsrAsksForCaTrue_IssuesOrdinaryLeaf()
    {
        var role = await RegisterAsync("WantsCa");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = Csrs.Pem(
            key,
            "CN=Evil Root CA",
            new X509BasicConstraintsExtension(true, false, 0, true),
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));

        using var svid = await IssueAsync(role, csr);

        var constraints = Assert.Single(svid.Leaf.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.False(constraints.CertificateAuthority);
        var usage = Assert.Single(svid.Leaf.Extensions.OfType<X509KeyUsageExtension>()).KeyUsages;
        Assert.True((usage & (X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign)) == 0, KeyCertSignOrCrlSign);
        Assert.True(usage.HasFlag(X509KeyUsageFlags.DigitalSignature));
        Assert.DoesNotContain("Evil", svid.Leaf.Subject, StringComparison.Ordinal);
        var (uris, dnsNames) = svid.LeafNames();
        Assert.Equal([ExpectedId(role)], uris);
        Assert.Equal(["wantsca.internal"], dnsNames);
    }

    [Fact]
    public async Task Token_CsrAsksForExtraSans_GetsOnlyTheEntrysNames()
    {
        var role = await RegisterAsync("WantsSans");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri("spiffe://example.org/admin"));
        san.AddUri(new Uri("spiffe://other.example/workload"));
        san.AddDnsName("bank.example.com");
        san.AddEmailAddress("root@example.org");
        san.AddIpAddress(IPAddress.Loopback);

        using var svid = await IssueAsync(role, Csrs.Pem(key, "CN=bank.example.com", san.Build()));

        var (uris, dnsNames) = svid.LeafNames();
        Assert.Equal([ExpectedId(role)], uris);
        Assert.Equal(["wantssans.internal"], dnsNames);
        Assert.Single(svid.Leaf.Extensions.Cast<X509Extension>(), e => e.Oid?.Value == "2.5.29.17");
    }

    public static TheoryData<string> WeakKeys => ["RSA-1024", "P-521"];

    [Theory]
    [MemberData(nameof(WeakKeys))]
    public async Task Token_CsrWithUnsupportedKey_IsInvalidRequest(string keyType)
    {
        var role = await RegisterAsync("WeakKey" + keyType.Replace("-", string.Empty, StringComparison.Ordinal));
        using AsymmetricAlgorithm key = keyType == "RSA-1024" ? RSA.Create(1024) : ECDsa.Create(ECCurve.NamedCurves.nistP521);

        using var response = await factory.Client.PostTokenAsync(TokenRequest.X509(factory.StsToken(role), Csrs.Pem(key)));

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.Csr);
    }

    public static TheoryData<string> GarbageCsrs => new()
    {
        "not base64 at all!",
        "AAAAAAAA",
        "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        "-----BEGIN CERTIFICATE REQUEST-----\nnot base64!\n-----END CERTIFICATE REQUEST-----",
    };

    [Theory]
    [MemberData(nameof(GarbageCsrs))]
    public async Task Token_GarbageCsr_IsInvalidRequest(string csr)
    {
        var role = await RegisterAsync("Garbage" + Guid.NewGuid().ToString("N")[..8]);

        using var response = await factory.Client.PostTokenAsync(TokenRequest.X509(factory.StsToken(role), csr));

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.Csr);
    }

    [Fact]
    public async Task Token_CsrWithBrokenSignature_IsInvalidRequest()
    {
        var role = await RegisterAsync("BadSignature");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = Csrs.Der(key);
        der[^1] ^= 0x01;

        using var response = await factory.Client.PostTokenAsync(TokenRequest.X509(factory.StsToken(role), Convert.ToBase64String(der)));

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.Csr);
    }

    private static string ExpectedId(string role) => $"spiffe://example.org/aws/{BridgeFactory.Account}/role/{role}";

    private async Task<string> RegisterAsync(string role)
    {
        await factory.RegisterAsync(role, dnsNames: [role.ToLowerInvariant() + ".internal"]);
        return role;
    }

    private async Task<X509Response> IssueAsync(string role, string csr)
    {
        using var response = await factory.Client.PostTokenAsync(TokenRequest.X509(factory.StsToken(role), csr));
        return X509Response.From(await OAuthAssert.SuccessAsync(response));
    }
}
