using Bridge.Client.DependencyInjection;
using Bridge.Client.Evidence;

namespace Bridge.Client.Tests.DependencyInjection;

public sealed class BridgeClientOptionsValidatorTests
{
    [Theory]
    [InlineData("https://bridge.example.org/")]
    [InlineData("http://127.0.0.1:5080/")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080/")]
    public void Validate_HttpsOrLoopbackHttp_Succeeds(string address)
    {
        var result = new BridgeClientOptionsValidator().Validate(null, Valid(address));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("http://bridge.example.org/")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("ftp://bridge.example.org/")]
    [InlineData("https://user:pw@bridge.example.org/")]
    [InlineData("https://bridge.example.org/?a=b")]
    public void Validate_UnsafeAddress_Fails(string address)
    {
        var result = new BridgeClientOptionsValidator().Validate(null, Valid(address));

        Assert.True(result.Failed);
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsAllErrorsAtOnce()
    {
        var options = new BridgeClientOptions
        {
            MaxAttempts = 0,
            InitialBackoff = TimeSpan.Zero,
            MaxBackoff = TimeSpan.FromSeconds(-1),
            AttemptTimeout = TimeSpan.FromSeconds(60),
            TotalTimeout = TimeSpan.FromSeconds(30),
            RefreshRetryInterval = TimeSpan.Zero,
        };

        var result = new BridgeClientOptionsValidator().Validate(null, options);

        var failures = result.Failures!.ToList();
        Assert.Contains("BaseAddress is required.", failures);
        Assert.Contains("SubjectTokenProvider is required.", failures);
        Assert.Contains("MaxAttempts must be between 1 and 10.", failures);
        Assert.Contains("InitialBackoff must be positive.", failures);
        Assert.Contains("MaxBackoff must be positive.", failures);
        Assert.Contains("RefreshRetryInterval must be positive.", failures);
        Assert.Contains("MaxBackoff must not be less than InitialBackoff.", failures);
        Assert.Contains("TotalTimeout must not be less than AttemptTimeout.", failures);
    }

    private static BridgeClientOptions Valid(string address) => new()
    {
        BaseAddress = new Uri(address),
        SubjectTokenProvider = new StaticSubjectTokenProvider("a.b.c"),
    };
}
