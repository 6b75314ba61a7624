using Bridge.Authority.Ca;

namespace Bridge.Authority.Tests.Ca;

public sealed class CsrParserTests
{
    [Theory]
    [InlineData("P256", false, 256)]
    [InlineData("P384", false, 384)]
    [InlineData("RSA2048", true, 2048)]
    public void TryParse_SupportedKey_ReturnsCanonicalKeyAndKind(string keyType, bool isRsa, int keySize)
    {
        using var key = CsrFactory.CreateKey(keyType);

        var status = CsrParser.TryParse(CsrFactory.Create(key, "CN=requested"), out var csr);

        Assert.Equal(CsrParseStatus.Valid, status);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), csr!.SubjectPublicKeyInfo);
        Assert.Equal(isRsa, csr.IsRsa);
        Assert.Equal(keySize, csr.KeySize);
        Assert.Equal("CN=requested", csr.Subject.Name);
    }

    [Fact]
    public void TryParse_Failure_LeavesResultNull()
    {
        using var key = CsrFactory.CreateKey("RSA1024");

        Assert.Equal(CsrParseStatus.UnsupportedKey, CsrParser.TryParse(CsrFactory.Create(key), out var csr));
        Assert.Null(csr);
    }
}
