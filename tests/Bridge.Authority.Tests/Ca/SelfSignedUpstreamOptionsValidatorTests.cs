using Bridge.Abstractions.Keys;
using Bridge.Authority.Ca;

namespace Bridge.Authority.Tests.Ca;

public sealed class SelfSignedUpstreamOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new SelfSignedUpstreamOptionsValidator().Validate(null, new SelfSignedUpstreamOptions()).Succeeded);
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryError()
    {
        var options = new SelfSignedUpstreamOptions
        {
            RootKeyId = " ",
            RootKeyType = (KeyType)99,
            RootTtl = TimeSpan.FromHours(1),
            RootCertificatePath = " ",
        };

        var result = new SelfSignedUpstreamOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(4, result.Failures!.Count());
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3651)]
    public void Validate_RootTtlOutOfRange_Fails(double days)
    {
        var result = new SelfSignedUpstreamOptionsValidator().Validate(null, new SelfSignedUpstreamOptions { RootTtl = TimeSpan.FromDays(days) });

        Assert.True(result.Failed);
    }
}
