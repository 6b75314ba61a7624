using Bridge.ExchangeFunction.Protocol;

namespace Bridge.ExchangeFunction.Tests.Protocol;

/// <summary>The strict form parser: what a part must look like, and how names and values decode.</summary>
public sealed class UrlEncodedFormTests
{
    [Theory]
    [InlineData("a=1&b", "a part without '='")]
    [InlineData("b&a=1", "a leading part without '='")]
    [InlineData("=1", "an empty name")]
    [InlineData("a=1&=2", "an empty name after a valid part")]
    [InlineData("nnnnn=1", "a name over the limit")]
    [InlineData("a=1&b=2&c=3&d=4&e=5", "more parts than the limit")]
    public void TryParse_NotAStrictForm_IsNull(string body, string because) =>
        Assert.True(UrlEncodedForm.TryParse(body, maxParameters: 4, maxNameLength: 4) is null, because);

    [Fact]
    public void TryParse_DecodesPlusPercentAndKeepsRepeatsInOrder()
    {
        var form = UrlEncodedForm.TryParse("&a=x+y&b=%2B%26%3D&a=%C3%A9&&c=&d=%ZZ%ED%A0%80&", maxParameters: 8, maxNameLength: 8)!;

        Assert.Equal(2, form["a"].Count);
        Assert.Equal("x y", form["a"][0]);
        Assert.Equal("\u00e9", form["a"][1]);
        Assert.Equal("+&=", form["b"].ToString());
        Assert.Equal(string.Empty, form["c"].ToString());
        // Escapes that are not valid (or encode a surrogate) stay as written, never becoming text that is not text.
        Assert.Equal("%ZZ%ED%A0%80", form["d"].ToString());
        Assert.Equal(4, form.Count);
    }
}
