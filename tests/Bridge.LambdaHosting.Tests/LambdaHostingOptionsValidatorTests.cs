namespace Bridge.LambdaHosting.Tests;

public sealed class LambdaHostingOptionsValidatorTests
{
    private readonly LambdaHostingOptionsValidator _validator = new();

    [Theory]
    [InlineData("127.0.0.1:9001")]
    [InlineData("localhost:9001")]
    [InlineData("[::1]:9001")]
    public void Validate_HostAndPort_Succeeds(string runtimeApi)
    {
        Assert.True(_validator.Validate(null, new LambdaHostingOptions { RuntimeApi = runtimeApi }).Succeeded);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9001")]
    [InlineData("127.0.0.1:9001/2018-06-01")]
    [InlineData("user@127.0.0.1:9001")]
    [InlineData("127.0.0.1:notaport")]
    public void Validate_NotHostAndPort_Fails(string runtimeApi)
    {
        var result = _validator.Validate(null, new LambdaHostingOptions { RuntimeApi = runtimeApi });

        Assert.True(result.Failed);
        Assert.Contains(LambdaHostingOptions.RuntimeApiVariable, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(LambdaHostingOptionsValidator.MaxLoops + 1)]
    public void Validate_ConcurrencyOutOfRange_Fails(int concurrency)
    {
        var result = _validator.Validate(null, new LambdaHostingOptions { RuntimeApi = "127.0.0.1:9001", MaxConcurrency = concurrency });

        Assert.True(result.Failed);
        Assert.Contains(LambdaHostingOptions.MaxConcurrencyVariable, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsAll()
    {
        var result = _validator.Validate(null, new LambdaHostingOptions { RuntimeApi = "http://x", MaxConcurrency = 0 });

        Assert.Equal(2, result.Failures!.Count());
    }
}
