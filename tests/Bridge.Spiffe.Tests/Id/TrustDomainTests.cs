using Bridge.Spiffe.Id;

namespace Bridge.Spiffe.Tests.Id;

public sealed class TrustDomainTests
{
    public static TheoryData<string, string, string> ValidInputs => new()
    {
        { "bare name", "example.org", "example.org" },
        { "every allowed character", "a-b_c.9", "a-b_c.9" },
        { "dotted quad", "10.0.0.1", "10.0.0.1" },
        { "root SPIFFE ID", "spiffe://example.org", "example.org" },
        { "SPIFFE ID with path", "spiffe://example.org/ns/prod", "example.org" },
    };

    public static TheoryData<string, string?, string> InvalidInputs => new()
    {
        { "null", null, SpiffeIdErrors.TrustDomainMissing },
        { "empty", "", SpiffeIdErrors.TrustDomainMissing },
        { "uppercase", "Example.org", SpiffeIdErrors.BadTrustDomainChar },
        { "port", "example.org:443", SpiffeIdErrors.BadTrustDomainChar },
        { "path", "example.org/x", SpiffeIdErrors.BadTrustDomainChar },
        { "space", "example .org", SpiffeIdErrors.BadTrustDomainChar },
        { "percent", "exa%6Dple.org", SpiffeIdErrors.BadTrustDomainChar },
        { "wrong scheme URI", "https://example.org", SpiffeIdErrors.WrongScheme },
        { "invalid SPIFFE ID", "spiffe://example.org/x/", SpiffeIdErrors.TrailingSlash },
        { "SPIFFE ID with port", "spiffe://example.org:1/x", SpiffeIdErrors.PortOrUserInfo },
        { "SPIFFE ID without trust domain", "spiffe:///x", SpiffeIdErrors.TrustDomainMissing },
    };

    [Theory]
    [MemberData(nameof(ValidInputs))]
    public void Parse_ValidInput_ReturnsTrustDomain(string scenario, string input, string expected)
    {
        _ = scenario;
        var td = TrustDomain.Parse(input);
        Assert.Equal(expected, td.Name);
        Assert.Equal(expected, td.ToString());
        Assert.False(td.IsZero);
    }

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public void TryParse_InvalidInput_FailsWithReason(string scenario, string? input, string expectedError)
    {
        _ = scenario;
        Assert.False(TrustDomain.TryParse(input, out var td, out var error));
        Assert.Equal(expectedError, error);
        Assert.True(td.IsZero);
        Assert.False(TrustDomain.TryParse(input, out _));
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatException()
    {
        var ex = Assert.Throws<FormatException>(() => TrustDomain.Parse("Example.org"));
        Assert.Contains(SpiffeIdErrors.BadTrustDomainChar, ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => TrustDomain.Parse(null!));
    }

    [Fact]
    public void Parse_255Bytes_Succeeds() => Assert.Equal(255, TrustDomain.Parse(new string('x', 255)).Name.Length);

    [Fact]
    public void TryParse_256Bytes_FailsTooLong()
    {
        Assert.False(TrustDomain.TryParse(new string('x', 256), out _, out var error));
        Assert.Equal(SpiffeIdErrors.TrustDomainTooLong, error);
    }

    [Fact]
    public void Id_IsRootSpiffeId()
    {
        var id = TrustDomain.Parse("example.org").Id;
        Assert.Equal("spiffe://example.org", id.ToString());
        Assert.True(id.IsRoot);
    }

    [Fact]
    public void Default_IsZeroWithZeroId()
    {
        TrustDomain td = default;
        Assert.True(td.IsZero);
        Assert.Equal(string.Empty, td.Name);
        Assert.True(td.Id.IsZero);
        Assert.Throws<FormatException>(() => td.IdFromPath("/x"));
    }

    [Fact]
    public void IdFromPath_BuildsAndValidates()
    {
        var td = TrustDomain.Parse("example.org");
        Assert.Equal("spiffe://example.org/a/b", td.IdFromPath("/a/b").ToString());
        Assert.Throws<FormatException>(() => td.IdFromPath("/a/"));
    }

    [Fact]
    public void Equality_ComparesNames()
    {
        var a = TrustDomain.Parse("example.org");
        var b = TrustDomain.Parse("spiffe://example.org/x");
        var c = TrustDomain.Parse("example.com");
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.True(a != c);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a.Equals((object)b));
        Assert.False(a.Equals((object)"example.org"));
        Assert.NotEqual(a, default);
    }

    [Fact]
    public void IParsable_ParsesThroughTheGenericInterface()
    {
        Assert.Equal(TrustDomain.Parse("example.org"), ParseVia<TrustDomain>("example.org"));
        Assert.Throws<FormatException>(() => ParseVia<TrustDomain>("EXAMPLE"));
    }

    private static T ParseVia<T>(string s)
        where T : IParsable<T> => T.Parse(s, null);
}
