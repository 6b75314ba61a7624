using Bridge.Spiffe.Internal;

namespace Bridge.Spiffe.Tests.Internal;

public sealed class Base64StrictTests
{
    [Theory]
    [InlineData("", new byte[0])]
    [InlineData("AQAB", new byte[] { 1, 0, 1 })]
    [InlineData("_-8", new byte[] { 0xFF, 0xEF })]
    [InlineData("AA", new byte[] { 0 })]
    public void Base64Url_Canonical_Decodes(string text, byte[] expected)
    {
        Assert.True(Base64UrlStrict.TryDecode(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("AQAB=")]
    [InlineData("AA==")]
    [InlineData("A")]
    [InlineData("AQ AB")]
    [InlineData("AQ\nAB")]
    [InlineData("+/8=")]
    [InlineData("AB")]
    [InlineData("AAB")]
    [InlineData("é")]
    public void Base64Url_PaddedWhitespaceStandardOrNonCanonical_Rejected(string text) =>
        Assert.False(Base64UrlStrict.TryDecode(text, out _));

    [Theory]
    [InlineData("AQAB", new byte[] { 1, 0, 1 })]
    [InlineData("+/8=", new byte[] { 0xFB, 0xFF })]
    [InlineData("AA==", new byte[] { 0 })]
    public void Base64_Padded_Decodes(string text, byte[] expected)
    {
        Assert.True(Base64Strict.TryDecode(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AA")]
    [InlineData(" AQAB")]
    [InlineData("AQ\nAB")]
    [InlineData("_-8=")]
    [InlineData("A=AA")]
    [InlineData("AAA===")]
    public void Base64_UnpaddedWhitespaceOrUrlAlphabet_Rejected(string text) =>
        Assert.False(Base64Strict.TryDecode(text, out _));
}
