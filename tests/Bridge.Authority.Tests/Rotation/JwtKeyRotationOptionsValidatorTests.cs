using Bridge.Authority.Rotation;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Tests.Rotation;

public sealed class JwtKeyRotationOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var authority = new AuthorityOptions { MaxJwtSvidTtl = TimeSpan.FromHours(1), BundleRefreshHint = TimeSpan.FromMinutes(5) };

        Assert.True(new JwtKeyRotationOptionsValidator(Options.Create(authority)).Validate(null, new JwtKeyRotationOptions()).Succeeded);
    }

    [Fact]
    public void Validate_EveryFieldOutOfRange_ReportsAllAtOnce()
    {
        var options = new JwtKeyRotationOptions
        {
            KeyLifetime = TimeSpan.FromMinutes(1),
            StateStaleTolerance = TimeSpan.FromSeconds(-1),
            ClockSkewAllowance = TimeSpan.FromHours(2),
            PendingTimeout = TimeSpan.FromSeconds(1),
            MaxPublishedKeys = 1,
        };

        var result = new JwtKeyRotationOptionsValidator().Validate(null, options);

        Assert.Equal(5, result.Failures!.Count());
        Assert.All(result.Failures!, f => Assert.StartsWith("Bridge:Authority:JwtKeys:", f, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(101)]
    public void Validate_MaxPublishedKeysOutside2To100_Fails(int max)
    {
        var result = new JwtKeyRotationOptionsValidator().Validate(null, new JwtKeyRotationOptions { MaxPublishedKeys = max });

        Assert.Contains("MaxPublishedKeys", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LifetimeBelowSixMaxTokenTtlsAndPublishWaits_ReportsBoth()
    {
        var authority = new AuthorityOptions { MaxJwtSvidTtl = TimeSpan.FromHours(1), BundleRefreshHint = TimeSpan.FromHours(2) };

        var result = new JwtKeyRotationOptionsValidator(Options.Create(authority)).Validate(null, new JwtKeyRotationOptions { KeyLifetime = TimeSpan.FromHours(5) });

        Assert.Equal(2, result.Failures!.Count());
    }

    [Fact]
    public void Rotator_InvalidOptions_Throws()
    {
        var kit = new RotationTestKit();
        kit.Rotation.MaxPublishedKeys = 0;

        Assert.Throws<OptionsValidationException>(() => kit.NewRotator());
    }
}
