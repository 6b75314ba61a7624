using Bridge.Abstractions.Keys;
using Bridge.Authority.Keys;

namespace Bridge.Authority.Tests.Keys;

public sealed class KeyIdRulesTests
{
    [Theory]
    [InlineData("jwt-signer")]
    [InlineData("x509-ca.A_1")]
    [InlineData("a")]
    [InlineData("a..b")]
    public void IsValid_SafeId_ReturnsTrue(string keyId) => Assert.True(KeyIdRules.IsValid(keyId));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a b")]
    [InlineData("a\0b")]
    [InlineData("clé")]
    public void IsValid_UnsafeId_ReturnsFalse(string keyId) => Assert.False(KeyIdRules.IsValid(keyId));

    [Fact]
    public void IsValid_LengthLimit_IsEnforced()
    {
        Assert.True(KeyIdRules.IsValid(new string('a', KeyIdRules.MaxLength)));
        Assert.False(KeyIdRules.IsValid(new string('a', KeyIdRules.MaxLength + 1)));
    }
}
