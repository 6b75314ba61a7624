namespace Bridge.LambdaHosting.Tests;

public sealed class LambdaHostingOptionsTests
{
    [Fact]
    public void FromEnvironment_NoVariables_KestrelDefaults()
    {
        var options = LambdaHostingOptions.FromEnvironment(_ => null);

        Assert.Null(options.RuntimeApi);
        Assert.Equal(1, options.MaxConcurrency);
    }

    [Fact]
    public void FromEnvironment_LambdaVariables_Read()
    {
        var variables = new Dictionary<string, string>
        {
            [LambdaHostingOptions.RuntimeApiVariable] = "127.0.0.1:9001",
            [LambdaHostingOptions.MaxConcurrencyVariable] = "8",
        };

        var options = LambdaHostingOptions.FromEnvironment(name => variables.GetValueOrDefault(name));

        Assert.Equal("127.0.0.1:9001", options.RuntimeApi);
        Assert.Equal(8, options.MaxConcurrency);
    }

    [Theory]
    [InlineData("many")]
    [InlineData("-3")]
    [InlineData("2.5")]
    public void FromEnvironment_UnreadableConcurrency_BecomesInvalidZero(string value)
    {
        var options = LambdaHostingOptions.FromEnvironment(name => name == LambdaHostingOptions.MaxConcurrencyVariable ? value : null);

        Assert.Equal(0, options.MaxConcurrency);
    }
}
