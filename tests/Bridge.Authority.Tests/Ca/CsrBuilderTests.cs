using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Ca;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;

namespace Bridge.Authority.Tests.Ca;

public sealed class CsrBuilderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(KeyType.EcP256)]
    [InlineData(KeyType.EcP384)]
    [InlineData(KeyType.Rsa2048)]
    public async Task CreateAsync_EachKeyType_DotNetLoadsAndVerifiesIt(KeyType keyType)
    {
        using var key = SoftwareKey.Generate("k", keyType);
        var extension = CertificateExtensions.CaBasicConstraints(pathLength: 0);

        var csr = await CsrBuilder.CreateAsync(new X500DistinguishedName("CN=bridge"), key, [extension], Ct);

        var request = CertificateRequest.LoadSigningRequest(
            csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions, RSASignaturePadding.Pkcs1);
        Assert.Equal("CN=bridge", request.SubjectName.Name);
        Assert.Equal(key.SubjectPublicKeyInfo.ToArray(), request.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(extension.RawData, Assert.Single(request.CertificateExtensions).RawData);
    }

    [Fact]
    public async Task CreateAsync_NoExtensions_ParsesAsValid()
    {
        using var key = SoftwareKey.Generate("k", KeyType.EcP256);

        var csr = await CsrBuilder.CreateAsync(new X500DistinguishedName("CN=bridge"), key, [], Ct);

        Assert.Equal(CsrParseStatus.Valid, CsrParser.TryParse(csr, out var parsed));
        Assert.Equal(key.SubjectPublicKeyInfo.ToArray(), parsed!.SubjectPublicKeyInfo);
        Assert.Equal("CN=bridge", parsed.Subject.Name);
    }

    [Fact]
    public async Task CreateAsync_OpenSslVerifiesTheSignature()
    {
        using var openssl = OpenSsl.Create();
        using var key = SoftwareKey.Generate("k", KeyType.EcP384);
        var csr = await CsrBuilder.CreateAsync(new X500DistinguishedName("CN=bridge"), key, [], Ct);
        var path = openssl.WriteBytes("req.der", csr);

        var (exitCode, output) = openssl.Run("req", "-in", path, "-inform", "DER", "-verify", "-noout");

        Assert.True(exitCode == 0, output);
        Assert.Contains("verify OK", output, StringComparison.OrdinalIgnoreCase);
    }
}
