using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Tests.Registration;

public sealed class SpiffeIdTemplateTests
{
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        ["account"] = "123456789012",
        ["role_name"] = "web-tier",
    };

    [Fact]
    public void Parse_Template_ExposesDistinctPlaceholderNamesInOrder()
    {
        var template = SpiffeIdTemplate.Parse("spiffe://example.org/{role_name}/{account}/{role_name}");

        Assert.Equal(["role_name", "account"], template.PlaceholderNames);
        Assert.True(template.HasPlaceholders);
        Assert.Equal(TrustDomain.Parse("example.org"), template.TrustDomain);
    }

    [Fact]
    public void Parse_PlainId_HasNoPlaceholders()
    {
        var template = SpiffeIdTemplate.Parse("spiffe://example.org/web");

        Assert.False(template.HasPlaceholders);
        Assert.True(template.TryRender(new Dictionary<string, string>(), out var id));
        Assert.Equal("spiffe://example.org/web", id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("example.org/{account}")]
    [InlineData("spiffe://{td}/x")]
    [InlineData("spiffe://example.org/{Account}")]
    [InlineData("spiffe://example.org/{_x}")]
    [InlineData("spiffe://example.org/{}")]
    [InlineData("spiffe://example.org/{a")]
    [InlineData("spiffe://example.org/a}")]
    [InlineData("spiffe://example.org/{a{b}}")]
    [InlineData("spiffe://example.org/{a}}")]
    [InlineData("spiffe://example.org/{a b}")]
    [InlineData("spiffe://example.org/{a/b}")]
    [InlineData("spiffe://example.org//{a}")]
    [InlineData("spiffe://example.org/{a}/")]
    [InlineData("spiffe://example.org/{a}?x")]
    public void TryParse_Malformed_Fails(string text)
    {
        Assert.False(SpiffeIdTemplate.TryParse(text, out var template, out var error));
        Assert.Null(template);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Parse_Malformed_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => SpiffeIdTemplate.Parse("spiffe://example.org/{a"));

    [Fact]
    public void Parse_LongestPlaceholderName_Accepted() =>
        Assert.True(SpiffeIdTemplate.TryParse($"spiffe://example.org/{{{new string('a', 64)}}}", out _, out _));

    [Fact]
    public void Parse_PlaceholderNameTooLong_Rejected() =>
        Assert.False(SpiffeIdTemplate.TryParse($"spiffe://example.org/{{{new string('a', 65)}}}", out _, out _));

    [Theory]
    [InlineData("spiffe://example.org/aws/{account}/role/{role_name}", "spiffe://example.org/aws/123456789012/role/web-tier")]
    [InlineData("spiffe://example.org/role-{role_name}.{account}", "spiffe://example.org/role-web-tier.123456789012")]
    [InlineData("spiffe://example.org/{account}/{account}", "spiffe://example.org/123456789012/123456789012")]
    public void TryRender_VerifiedValues_FillsPlaceholders(string text, string expected)
    {
        Assert.True(SpiffeIdTemplate.Parse(text).TryRender(Values, out var id));
        Assert.Equal(expected, id.ToString());
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("/")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("../admin")]
    [InlineData("%2F")]
    [InlineData("a%2Fb")]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a?b")]
    [InlineData("a#b")]
    [InlineData("a\\b")]
    [InlineData("a:b")]
    [InlineData("a@b")]
    [InlineData("r\u00e9le")]
    [InlineData("a\nb")]
    [InlineData("{account}")]
    public void TryRender_HostileValue_GivesNoIdentity(string value)
    {
        var template = SpiffeIdTemplate.Parse("spiffe://example.org/aws/{role_name}/x");

        Assert.False(template.TryRender(new Dictionary<string, string> { ["role_name"] = value }, out var id, out var error));
        Assert.True(id.IsZero);
        Assert.Contains("{role_name}", error, StringComparison.Ordinal);
        if (value.Length > 0)
        {
            Assert.DoesNotContain(value, error.Replace("{role_name}", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("spiffe://example.org/{a}.")]
    [InlineData("spiffe://example.org/.{a}")]
    [InlineData("spiffe://example.org/{a}{a}")]
    public void TryRender_ValueCompletingDotSegment_GivesNoIdentity(string text)
    {
        var template = SpiffeIdTemplate.Parse(text);

        Assert.False(template.TryRender(new Dictionary<string, string> { ["a"] = "." }, out var id));
        Assert.True(id.IsZero);
    }

    [Fact]
    public void TryRender_MissingValue_GivesNoIdentity()
    {
        var template = SpiffeIdTemplate.Parse("spiffe://example.org/aws/{account}/{session}");

        Assert.False(template.TryRender(Values, out var id, out var error));
        Assert.True(id.IsZero);
        Assert.Contains("{session}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRender_PlaceholderNameDiffersInCase_IsMissing()
    {
        var template = SpiffeIdTemplate.Parse("spiffe://example.org/{account}");

        Assert.False(template.TryRender(new Dictionary<string, string> { ["Account"] = "1" }, out _));
    }

    [Theory]
    [InlineData("bridge")]
    [InlineData("BRIDGE")]
    [InlineData("Bridge")]
    public void TryRender_ResultUnderReservedPath_GivesNoIdentity(string value)
    {
        var template = SpiffeIdTemplate.Parse("spiffe://example.org/{tenant}/attestor/x");

        Assert.False(template.TryRender(new Dictionary<string, string> { ["tenant"] = value }, out var id, out var error));
        Assert.True(id.IsZero);
        Assert.Contains("/bridge", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRender_ReservedLookalike_Renders()
    {
        var template = SpiffeIdTemplate.Parse("spiffe://example.org/{tenant}/x");

        Assert.True(template.TryRender(new Dictionary<string, string> { ["tenant"] = "bridges" }, out var id));
        Assert.Equal("spiffe://example.org/bridges/x", id.ToString());
    }

    [Fact]
    public void TryRender_ResultTooLong_GivesNoIdentity()
    {
        var template = SpiffeIdTemplate.Parse("spiffe://example.org/{a}");

        Assert.False(template.TryRender(new Dictionary<string, string> { ["a"] = new string('x', SpiffeId.MaxLength) }, out var id));
        Assert.True(id.IsZero);
    }

    [Fact]
    public void TryRender_ThreeDotsValue_IsAnOrdinarySegment()
    {
        var template = SpiffeIdTemplate.Parse("spiffe://example.org/{a}");

        Assert.True(template.TryRender(new Dictionary<string, string> { ["a"] = "..." }, out var id));
        Assert.Equal("/...", id.Path);
    }
}
