using Bridge.Spiffe.Id;

namespace Bridge.Spiffe.Tests.Id;

public sealed class SpiffeIdTests
{
    [Theory]
    [InlineData("spiffe://example.org/ns/prod/sa/web")]
    [InlineData("spiffe://example.org")]
    [InlineData("spiffe://a_b-c.1/A.b-C_9")]
    public void Parse_ValidId_RoundTrips(string value) => Assert.Equal(value, SpiffeId.Parse(value).ToString());

    [Theory]
    [InlineData("http://example.org/x")]
    [InlineData("spiffe://Example.org/x")]
    [InlineData("spiffe://example.org:443/x")]
    [InlineData("spiffe://user@example.org/x")]
    [InlineData("spiffe://example.org/x?y")]
    [InlineData("spiffe://example.org/x#y")]
    [InlineData("spiffe://example.org//x")]
    [InlineData("spiffe://example.org/./x")]
    [InlineData("spiffe://example.org/../x")]
    [InlineData("spiffe://example.org/x/")]
    [InlineData("spiffe://example.org/x%20y")]
    [InlineData("spiffe:///x")]
    public void TryParse_InvalidId_Fails(string value) => Assert.False(SpiffeId.TryParse(value, out _));
}
