using Bridge.Authority.Aws.Kms;

namespace Bridge.Authority.Aws.Tests.Kms;

public sealed class KmsAliasNamesTests
{
    private readonly KmsAliasNames _names = new("example-org");

    [Theory]
    [InlineData("jwt-signer", "alias/bridge/example-org/jwt-signer")]
    [InlineData("x509-ca", "alias/bridge/example-org/x509-ca")]
    [InlineData("ca.2026.a_b", "alias/bridge/example-org/ca/2026/a_b")]
    public void ToAlias_ValidKeyId_RoundTrips(string keyId, string alias)
    {
        Assert.Equal(alias, _names.ToAlias(keyId));
        Assert.True(_names.TryGetKeyId(alias, out var back));
        Assert.Equal(keyId, back);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("é")]
    public void ToAlias_InvalidKeyId_Throws(string keyId) =>
        Assert.Throws<ArgumentException>(() => _names.ToAlias(keyId));

    [Fact]
    public void ToAlias_KeyIdOf129Characters_Throws() =>
        Assert.Throws<ArgumentException>(() => _names.ToAlias(new string('a', 129)));

    [Theory]
    [InlineData(null)]
    [InlineData("alias/aws/kms")]
    [InlineData("alias/bridge/example-org")]
    [InlineData("alias/bridge/example-org/")]
    [InlineData("alias/bridge/example-orgx/k")]
    [InlineData("alias/bridge/other/k")]
    [InlineData("alias/bridge/example-org//k")]
    public void TryGetKeyId_OtherAlias_ReturnsFalse(string? alias) =>
        Assert.False(_names.TryGetKeyId(alias, out _));
}
