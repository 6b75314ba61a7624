using System.Globalization;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Tests.Ca;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Tests.Issuance.X509;

/// <summary>Checks issued chains with OpenSSL, an implementation independent of .NET.</summary>
public sealed class X509SvidOpenSslTests
{
    private static readonly SpiffeId Workload = SpiffeId.Parse("spiffe://example.org/ns/prod/sa/web");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(KeyType.EcP256, "P256")]
    [InlineData(KeyType.EcP384, "RSA2048")]
    [InlineData(KeyType.Rsa2048, "P384")]
    public async Task OpenSslVerify_IssuedChain_IsOkForClientAndServer(KeyType caKeyType, string leafKeyType)
    {
        using var openssl = OpenSsl.Create();
        using var fixture = new CaFixture(caKeyType, rootKeyType: caKeyType);
        using var key = CsrFactory.CreateKey(leafKeyType);
        var result = await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, ["web.example.org"], TimeSpan.FromHours(1), Ct);
        var root = openssl.WritePem("root.pem", [.. result.TrustAnchors]);
        var intermediates = openssl.WritePem("inter.pem", [.. result.Intermediates]);
        var leaf = openssl.WritePem("leaf.pem", result.Leaf!);
        var at = fixture.Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        foreach (var purpose in new[] { "sslclient", "sslserver" })
        {
            var (exitCode, output) = openssl.Run(
                "verify", "-x509_strict", "-attime", at, "-purpose", purpose, "-CAfile", root, "-untrusted", intermediates, leaf);
            Assert.True(exitCode == 0, output);
            Assert.Contains("leaf.pem: OK", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task OpenSslVerify_AfterIntermediateExpiry_Fails()
    {
        using var openssl = OpenSsl.Create();
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");
        var result = await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [], TimeSpan.FromHours(1), Ct);
        var root = openssl.WritePem("root.pem", [.. result.TrustAnchors]);
        var intermediates = openssl.WritePem("inter.pem", [.. result.Intermediates]);
        var leaf = openssl.WritePem("leaf.pem", result.Leaf!);
        var at = (fixture.Time.GetUtcNow() + TimeSpan.FromHours(2)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        var (exitCode, _) = openssl.Run("verify", "-attime", at, "-CAfile", root, "-untrusted", intermediates, leaf);

        Assert.NotEqual(0, exitCode);
    }

    [Fact]
    public async Task OpenSslText_Leaf_ShowsSvidExtensions()
    {
        using var openssl = OpenSsl.Create();
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");
        var result = await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, ["web.example.org"], TimeSpan.FromHours(1), Ct);
        var leaf = openssl.WritePem("leaf.pem", result.Leaf!);

        var (exitCode, text) = openssl.Run("x509", "-in", leaf, "-noout", "-text");

        Assert.True(exitCode == 0, text);
        Assert.Contains("X509v3 Basic Constraints: critical\n                CA:FALSE", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Key Usage: critical\n                Digital Signature, Key Agreement", text, StringComparison.Ordinal);
        Assert.Contains("TLS Web Server Authentication, TLS Web Client Authentication", text, StringComparison.Ordinal);
        Assert.Contains("URI:spiffe://example.org/ns/prod/sa/web, DNS:web.example.org", text, StringComparison.Ordinal);
        Assert.Contains("Subject: C = US, O = SPIFFE, CN = web.example.org", text, StringComparison.Ordinal);
        Assert.Contains("Signature Algorithm: ecdsa-with-SHA256", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Authority Key Identifier", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Subject Key Identifier", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslText_Intermediate_IsPathLenZeroCaForTheTrustDomain()
    {
        using var openssl = OpenSsl.Create();
        using var fixture = new CaFixture();
        await fixture.Authority.InitializeAsync(Ct);
        var intermediate = openssl.WritePem("inter.pem", fixture.Authority.Intermediates[0]);

        var (exitCode, text) = openssl.Run("x509", "-in", intermediate, "-noout", "-ext", "basicConstraints,keyUsage,subjectAltName");

        Assert.True(exitCode == 0, text);
        Assert.Contains("X509v3 Basic Constraints: critical\n    CA:TRUE, pathlen:0", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Key Usage: critical\n    Certificate Sign, CRL Sign", text, StringComparison.Ordinal);
        Assert.Contains("URI:spiffe://example.org\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslGeneratedCsr_P256_IsAccepted()
    {
        using var openssl = OpenSsl.Create();
        using var fixture = new CaFixture();
        var (exitCode, output) = openssl.Run(
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "key.pem",
            "-subj", "/CN=workload", "-addext", "basicConstraints=critical,CA:TRUE", "-outform", "DER", "-out", "req.der");
        Assert.True(exitCode == 0, output);

        var result = await fixture.Issuer.IssueAsync(
            await File.ReadAllBytesAsync(Path.Combine(openssl.Directory, "req.der"), Ct), Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.True(result.Succeeded);
        var leaf = openssl.WritePem("leaf.pem", result.Leaf);
        var (_, leafKey) = openssl.Run("x509", "-in", leaf, "-noout", "-pubkey");
        var (_, requestKey) = openssl.Run("pkey", "-in", "key.pem", "-pubout");
        Assert.Equal(requestKey, leafKey);
    }

    [Fact]
    public async Task OpenSslGeneratedCsr_Ed25519_IsUnsupported()
    {
        using var openssl = OpenSsl.Create();
        using var fixture = new CaFixture();
        var (exitCode, output) = openssl.Run(
            "req", "-new", "-newkey", "ed25519", "-nodes", "-keyout", "key.pem", "-subj", "/CN=workload", "-outform", "DER", "-out", "req.der");
        Assert.True(exitCode == 0, output);

        var result = await fixture.Issuer.IssueAsync(
            await File.ReadAllBytesAsync(Path.Combine(openssl.Directory, "req.der"), Ct), Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(X509SvidFailure.UnsupportedKey, result.Failure);
    }
}
