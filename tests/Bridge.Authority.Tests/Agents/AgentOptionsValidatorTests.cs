using Bridge.Authority.Agents;

namespace Bridge.Authority.Tests.Agents;

public sealed class AgentOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new AgentOptionsValidator().Validate(null, new AgentOptions()).Succeeded);

    [Theory]
    [InlineData(0)]
    [InlineData(59)]
    [InlineData(7 * 24 * 3600 + 1)]
    public void Validate_SvidTtlOutOfRange_Fails(int seconds)
    {
        var result = new AgentOptionsValidator().Validate(null, new AgentOptions { SvidTtl = TimeSpan.FromSeconds(seconds) });
        Assert.True(result.Failed);
        Assert.Contains("SvidTtl", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(61)]
    public void Validate_ClockSkewOutOfRange_Fails(int seconds)
    {
        var result = new AgentOptionsValidator().Validate(null, new AgentOptions { ClockSkew = TimeSpan.FromSeconds(seconds) });
        Assert.True(result.Failed);
        Assert.Contains("ClockSkew", result.FailureMessage, StringComparison.Ordinal);
    }
}
