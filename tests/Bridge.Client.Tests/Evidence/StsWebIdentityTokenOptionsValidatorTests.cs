using Bridge.Client.Evidence;
using Microsoft.Extensions.Options;

namespace Bridge.Client.Tests.Evidence;

public sealed class StsWebIdentityTokenOptionsValidatorTests
{
    private static readonly StsWebIdentityTokenOptionsValidator Validator = new();

    [Fact]
    public void Validate_AudienceAndRegionWithDefaults_Succeeds()
    {
        var options = StsTestClients.Options();

        Assert.True(Validator.Validate(null, options).Succeeded);
        Assert.Equal("RS256", options.SigningAlgorithm);
        Assert.Equal(TimeSpan.FromSeconds(300), options.Duration);
    }

    [Theory]
    [InlineData("ES384", 60)]
    [InlineData("RS256", 3600)]
    public void Validate_Boundaries_Succeed(string algorithm, int seconds)
    {
        var options = StsTestClients.Options();
        options.SigningAlgorithm = algorithm;
        options.Duration = TimeSpan.FromSeconds(seconds);

        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    public static TheoryData<string, Action<StsWebIdentityTokenOptions>> Invalid => new()
    {
        { "Audience", o => o.Audience = null },
        { "Audience", o => o.Audience = " " },
        { "Audience", o => o.Audience = new string('a', 1001) },
        { "SigningAlgorithm", o => o.SigningAlgorithm = "HS256" },
        { "SigningAlgorithm", o => o.SigningAlgorithm = "rs256" },
        { "SigningAlgorithm", o => o.SigningAlgorithm = "ES256" },
        { "Duration", o => o.Duration = TimeSpan.FromSeconds(59) },
        { "Duration", o => o.Duration = TimeSpan.FromSeconds(3601) },
        { "Duration", o => o.Duration = TimeSpan.FromSeconds(90.5) },
        { "Region", o => o.Region = null },
        { "Region", o => o.Region = "aws-global" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidSetting_FailsNamingIt(string setting, Action<StsWebIdentityTokenOptions> breakIt)
    {
        var options = StsTestClients.Options();
        breakIt(options);

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.StartsWith(setting, Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsAllAtOnce()
    {
        var options = new StsWebIdentityTokenOptions { SigningAlgorithm = "none", Duration = TimeSpan.Zero };

        Assert.Equal(4, Validator.Validate(null, options).Failures!.Count());
    }

    [Fact]
    public void Provider_InvalidOptions_ThrowsOptionsValidationException()
    {
        using var sdk = StsTestClients.Sdk(new Uri("http://127.0.0.1:9/"));

        var ex = Assert.Throws<OptionsValidationException>(() => StsTestClients.Provider(sdk, new StsWebIdentityTokenOptions { Region = "eu-west-1" }));

        Assert.Contains(ex.Failures, f => f.StartsWith("Audience", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_WithoutRegion_ThrowsBeforeBuildingAnStsClient()
    {
        Assert.Throws<OptionsValidationException>(() => StsWebIdentityTokenProvider.Create(new StsWebIdentityTokenOptions { Audience = "bridge" }));
    }
}
