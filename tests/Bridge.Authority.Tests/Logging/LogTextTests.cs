using Bridge.Abstractions.Logging;

namespace Bridge.Authority.Tests.Logging;

public sealed class LogTextTests
{
    [Fact]
    public void Bounded_ShortPrintableValue_IsReturnedWithoutACopy()
    {
        // The exchange logs a verified subject on every request: the usual value must cost no allocation.
        var subject = "arn:aws:iam::111122223333:role/payments-é";

        Assert.Same(subject, LogText.Bounded(subject, 256));
        Assert.NotSame(subject, LogText.Bounded(subject, 10));
        Assert.Equal("a?b", LogText.Bounded("a\u0085b"));
    }

    [Fact]
    public void Bounded_ShortPrintableText_IsUnchanged() =>
        Assert.Equal("urn:ietf:params:oauth:token-type:jwt", LogText.Bounded("urn:ietf:params:oauth:token-type:jwt"));

    [Fact]
    public void Bounded_Null_IsNamed() => Assert.Equal("(null)", LogText.Bounded(null));

    [Fact]
    public void Bounded_LongText_KeepsPrefixAndStatesLength()
    {
        var result = LogText.Bounded(new string('a', 60 * 1024));

        Assert.Equal(new string('a', LogText.DefaultMaxLength) + "…(61440 chars)", result);
    }

    [Theory]
    [InlineData("a\r\nb", "a??b")]
    [InlineData("\u001b[31mred", "?[31mred")]
    [InlineData("nul\0", "nul?")]
    [InlineData("bidi\u202Eevil", "bidi?evil")]
    [InlineData("line\u2028sep", "line?sep")]
    [InlineData("private\ue000", "private?")]
    [InlineData("caf\u00e9 \u00fc", "caf\u00e9 \u00fc")]
    public void Bounded_NonPrintableCharacters_AreReplaced(string value, string expected) =>
        Assert.Equal(expected, LogText.Bounded(value));

    [Fact]
    public void Bounded_LoneSurrogate_IsReplaced()
    {
        // Built at run time: a lone surrogate in theory data does not survive the test runner's serialisation.
        var value = "lone" + (char)0xD800 + "x" + (char)0xDC00;

        Assert.Equal("lone?x?", LogText.Bounded(value));
    }

    [Fact]
    public void Bounded_CustomLength_IsHonoured() => Assert.Equal("abc…(5 chars)", LogText.Bounded("abcde", 3));
}
