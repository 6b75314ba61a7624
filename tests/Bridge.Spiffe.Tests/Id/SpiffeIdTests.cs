using Bridge.Spiffe.Id;

namespace Bridge.Spiffe.Tests.Id;

public sealed class SpiffeIdTests
{
    private const string Prefix = "spiffe://example.org/";

    public static TheoryData<string, string> ValidIds => new()
    {
        { "path", "spiffe://example.org/ns/prod/sa/web" },
        { "root id", "spiffe://example.org" },
        { "every allowed character", "spiffe://a_b-c.1/A.b-C_9" },
        { "dots inside a segment", "spiffe://example.org/a..b/.c/d." },
        { "dotted-quad trust domain", "spiffe://192.168.0.1/x" },
        { "uuid path", "spiffe://example.org/0b4e6f2c-9a2c-4c5f-8f1e-1c3b7a2d9e10" },
    };

    public static TheoryData<string, string?, string> InvalidIds => new()
    {
        { "null", null, SpiffeIdErrors.Empty },
        { "empty", "", SpiffeIdErrors.Empty },
        { "http scheme", "http://example.org/x", SpiffeIdErrors.WrongScheme },
        { "uppercase scheme", "SPIFFE://example.org/x", SpiffeIdErrors.WrongScheme },
        { "missing slashes", "spiffe:example.org/x", SpiffeIdErrors.WrongScheme },
        { "no scheme", "example.org/x", SpiffeIdErrors.WrongScheme },
        { "leading whitespace", " spiffe://example.org/x", SpiffeIdErrors.WrongScheme },
        { "empty trust domain", "spiffe:///x", SpiffeIdErrors.TrustDomainMissing },
        { "scheme only", "spiffe://", SpiffeIdErrors.TrustDomainMissing },
        { "uppercase trust domain", "spiffe://Example.org/x", SpiffeIdErrors.BadTrustDomainChar },
        { "space in trust domain", "spiffe://exa mple.org/x", SpiffeIdErrors.BadTrustDomainChar },
        { "plus in trust domain", "spiffe://exa+mple.org/x", SpiffeIdErrors.BadTrustDomainChar },
        { "non-ascii trust domain", "spiffe://exämple.org/x", SpiffeIdErrors.BadTrustDomainChar },
        { "ipv6 trust domain", "spiffe://[::1]/x", SpiffeIdErrors.PortOrUserInfo },
        { "port", "spiffe://example.org:443/x", SpiffeIdErrors.PortOrUserInfo },
        { "empty port", "spiffe://example.org:/x", SpiffeIdErrors.PortOrUserInfo },
        { "user info", "spiffe://user@example.org/x", SpiffeIdErrors.PortOrUserInfo },
        { "user and password", "spiffe://user:pw@example.org/x", SpiffeIdErrors.PortOrUserInfo },
        { "query", "spiffe://example.org/x?y=1", SpiffeIdErrors.QueryOrFragment },
        { "empty query", "spiffe://example.org/x?", SpiffeIdErrors.QueryOrFragment },
        { "query on root", "spiffe://example.org?y", SpiffeIdErrors.QueryOrFragment },
        { "fragment", "spiffe://example.org/x#y", SpiffeIdErrors.QueryOrFragment },
        { "percent-encoded path", "spiffe://example.org/x%20y", SpiffeIdErrors.PercentEncoded },
        { "percent-encoded trust domain", "spiffe://exa%6Dple.org/x", SpiffeIdErrors.PercentEncoded },
        { "trailing slash", "spiffe://example.org/x/", SpiffeIdErrors.TrailingSlash },
        { "root with trailing slash", "spiffe://example.org/", SpiffeIdErrors.TrailingSlash },
        { "empty segment", "spiffe://example.org//x", SpiffeIdErrors.EmptySegment },
        { "empty middle segment", "spiffe://example.org/a//b", SpiffeIdErrors.EmptySegment },
        { "dot segment", "spiffe://example.org/./x", SpiffeIdErrors.DotSegment },
        { "dot-dot segment", "spiffe://example.org/../x", SpiffeIdErrors.DotSegment },
        { "trailing dot segment", "spiffe://example.org/x/.", SpiffeIdErrors.DotSegment },
        { "trailing dot-dot segment", "spiffe://example.org/x/..", SpiffeIdErrors.DotSegment },
        { "space in path", "spiffe://example.org/x y", SpiffeIdErrors.BadPathSegmentChar },
        { "colon in path", "spiffe://example.org/x:y", SpiffeIdErrors.BadPathSegmentChar },
        { "at sign in path", "spiffe://example.org/x@y", SpiffeIdErrors.BadPathSegmentChar },
        { "tilde in path", "spiffe://example.org/~x", SpiffeIdErrors.BadPathSegmentChar },
        { "non-ascii path", "spiffe://example.org/é", SpiffeIdErrors.BadPathSegmentChar },
        { "backslash in path", "spiffe://example.org/a\\b", SpiffeIdErrors.BadPathSegmentChar },
    };

    [Theory]
    [MemberData(nameof(ValidIds))]
    public void Parse_ValidId_RoundTrips(string scenario, string value)
    {
        _ = scenario;
        Assert.Equal(value, SpiffeId.Parse(value).ToString());
    }

    [Theory]
    [MemberData(nameof(InvalidIds))]
    public void TryParse_InvalidId_FailsWithReason(string scenario, string? value, string expectedError)
    {
        _ = scenario;
        Assert.False(SpiffeId.TryParse(value, out var id, out var error));
        Assert.Equal(expectedError, error);
        Assert.True(id.IsZero);
        Assert.False(SpiffeId.TryParse(value, out _));
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionNamingTheRule()
    {
        var ex = Assert.Throws<FormatException>(() => SpiffeId.Parse("spiffe://example.org/x/"));
        Assert.Contains(SpiffeIdErrors.TrailingSlash, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNull() => Assert.Throws<ArgumentNullException>(() => SpiffeId.Parse(null!));

    [Fact]
    public void Parse_ExactlyMaxLength_Succeeds()
    {
        var value = Prefix + new string('a', SpiffeId.MaxLength - Prefix.Length);
        Assert.Equal(2048, value.Length);
        Assert.Equal(value, SpiffeId.Parse(value).ToString());
    }

    [Fact]
    public void TryParse_OneByteOverMaxLength_FailsTooLong()
    {
        var value = Prefix + new string('a', SpiffeId.MaxLength - Prefix.Length + 1);
        Assert.False(SpiffeId.TryParse(value, out _, out var error));
        Assert.Equal(SpiffeIdErrors.TooLong, error);
    }

    [Fact]
    public void Parse_TrustDomainOf255Bytes_Succeeds()
    {
        var td = new string('a', 255);
        Assert.Equal(td, SpiffeId.Parse("spiffe://" + td + "/x").TrustDomain.Name);
    }

    [Fact]
    public void TryParse_TrustDomainOf256Bytes_FailsTooLong()
    {
        Assert.False(SpiffeId.TryParse("spiffe://" + new string('a', 256) + "/x", out _, out var error));
        Assert.Equal(SpiffeIdErrors.TrustDomainTooLong, error);
    }

    [Fact]
    public void Properties_PathId_ExposeParts()
    {
        var id = SpiffeId.Parse("spiffe://example.org/ns/prod");
        Assert.Equal("example.org", id.TrustDomain.Name);
        Assert.Equal("/ns/prod", id.Path);
        Assert.False(id.IsRoot);
        Assert.False(id.IsZero);
        Assert.True(id.MemberOf(TrustDomain.Parse("example.org")));
        Assert.False(id.MemberOf(TrustDomain.Parse("example.com")));
        Assert.False(id.MemberOf(default));
        Assert.Equal(new Uri("spiffe://example.org/ns/prod"), id.ToUri());
    }

    [Fact]
    public void Properties_RootId_HasEmptyPath()
    {
        var id = SpiffeId.Parse("spiffe://example.org");
        Assert.True(id.IsRoot);
        Assert.Equal(string.Empty, id.Path);
        Assert.Equal(TrustDomain.Parse("example.org").Id, id);
    }

    [Fact]
    public void Default_IsZero()
    {
        SpiffeId id = default;
        Assert.True(id.IsZero);
        Assert.False(id.IsRoot);
        Assert.True(id.TrustDomain.IsZero);
        Assert.Equal(string.Empty, id.ToString());
        Assert.Equal(string.Empty, id.Path);
        Assert.Throws<InvalidOperationException>(() => id.ToUri());
    }

    [Fact]
    public void Equality_SameValue_IsEqual()
    {
        var a = SpiffeId.Parse("spiffe://example.org/a");
        var b = SpiffeId.Parse("spiffe://example.org/" + "a");
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(default(SpiffeId), default);
    }

    [Fact]
    public void Equality_PathIsCaseSensitive()
    {
        var a = SpiffeId.Parse("spiffe://example.org/a");
        var b = SpiffeId.Parse("spiffe://example.org/A");
        Assert.NotEqual(a, b);
        Assert.True(a != b);
        Assert.False(a.Equals((object)"spiffe://example.org/a"));
        Assert.NotEqual(a, default);
    }

    [Fact]
    public void IParsable_ParsesThroughTheGenericInterface()
    {
        Assert.Equal(SpiffeId.Parse("spiffe://example.org/x"), ParseVia<SpiffeId>("spiffe://example.org/x"));
        Assert.Throws<FormatException>(() => ParseVia<SpiffeId>("spiffe://example.org/x/"));
        Assert.True(TryParseVia<SpiffeId>("spiffe://example.org/x", out var id));
        Assert.Equal("/x", id.Path);
        Assert.False(TryParseVia<SpiffeId>("nope", out _));
        Assert.False(TryParseVia<SpiffeId>(null, out _));
    }

    public static TheoryData<string, string> ValidPaths => new()
    {
        { "empty (root)", "" },
        { "one segment", "/x" },
        { "several segments", "/ns/prod/sa/web" },
        { "every allowed character", "/aZ09.-_" },
    };

    public static TheoryData<string, string, string> InvalidPaths => new()
    {
        { "no leading slash", "x", SpiffeIdErrors.NoLeadingSlash },
        { "only slash", "/", SpiffeIdErrors.TrailingSlash },
        { "trailing slash", "/x/", SpiffeIdErrors.TrailingSlash },
        { "empty segment", "/a//b", SpiffeIdErrors.EmptySegment },
        { "dot", "/.", SpiffeIdErrors.DotSegment },
        { "dot-dot", "/a/..", SpiffeIdErrors.DotSegment },
        { "percent", "/a%41", SpiffeIdErrors.BadPathSegmentChar },
        { "query", "/a?b", SpiffeIdErrors.BadPathSegmentChar },
    };

    [Theory]
    [MemberData(nameof(ValidPaths))]
    public void FromPath_ValidPath_Builds(string scenario, string path)
    {
        _ = scenario;
        var id = SpiffeId.FromPath(TrustDomain.Parse("example.org"), path);
        Assert.Equal("spiffe://example.org" + path, id.ToString());
        Assert.Equal(path, id.Path);
        Assert.Equal(id, SpiffeId.Parse(id.ToString()));
        Assert.True(SpiffeId.ValidatePath(path, out _));
    }

    [Theory]
    [MemberData(nameof(InvalidPaths))]
    public void FromPath_InvalidPath_Throws(string scenario, string path, string expectedError)
    {
        _ = scenario;
        var ex = Assert.Throws<FormatException>(() => SpiffeId.FromPath(TrustDomain.Parse("example.org"), path));
        Assert.Contains(expectedError, ex.Message, StringComparison.Ordinal);
        Assert.False(SpiffeId.ValidatePath(path, out var error));
        Assert.Equal(expectedError, error);
    }

    [Fact]
    public void FromPath_ZeroTrustDomain_Throws() =>
        Assert.Throws<FormatException>(() => SpiffeId.FromPath(default, "/x"));

    [Fact]
    public void FromPath_ResultOverMaxLength_Throws()
    {
        var td = TrustDomain.Parse("example.org");
        var okPath = "/" + new string('a', SpiffeId.MaxLength - Prefix.Length);
        Assert.Equal(SpiffeId.MaxLength, SpiffeId.FromPath(td, okPath).ToString().Length);
        var ex = Assert.Throws<FormatException>(() => SpiffeId.FromPath(td, okPath + "a"));
        Assert.Contains(SpiffeIdErrors.TooLong, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSegments_ValidSegments_JoinsWithSlashes()
    {
        var td = TrustDomain.Parse("example.org");
        Assert.Equal("spiffe://example.org/ns/prod", SpiffeId.FromSegments(td, "ns", "prod").ToString());
        Assert.True(SpiffeId.FromSegments(td).IsRoot);
    }

    public static TheoryData<string, string[]> InvalidSegments => new()
    {
        { "empty segment", ["a", ""] },
        { "dot", ["."] },
        { "dot-dot", ["a", ".."] },
        { "slash inside a segment", ["a/b"] },
        { "segment that is a slash", ["/"] },
        { "bad character", ["a b"] },
    };

    [Theory]
    [MemberData(nameof(InvalidSegments))]
    public void FromSegments_InvalidSegment_Throws(string scenario, string[] segments)
    {
        _ = scenario;
        Assert.Throws<FormatException>(() => SpiffeId.FromSegments(TrustDomain.Parse("example.org"), segments));
    }

    private static T ParseVia<T>(string s)
        where T : IParsable<T> => T.Parse(s, null);

    private static bool TryParseVia<T>(string? s, out T result)
        where T : IParsable<T> => T.TryParse(s, null, out result!);
}
