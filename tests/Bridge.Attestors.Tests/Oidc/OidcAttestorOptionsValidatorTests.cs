using Bridge.Attestors.Oidc;

namespace Bridge.Attestors.Tests.Oidc;

public sealed class OidcAttestorOptionsValidatorTests
{
    private static readonly OidcAttestorOptionsValidator Validator = new();

    private static OidcIssuerOptions ValidIssuer(string name = "aws-sts", string issuer = "https://a.tokens.sts.global.api.aws") =>
        new() { Name = name, Issuer = issuer, Profile = OidcIssuerProfile.AwsSts };

    private static OidcAttestorOptions Valid() => new() { Audience = "https://bridge.example.com/token", Issuers = [ValidIssuer()] };

    [Fact]
    public void Validate_ValidOptions_Succeeds()
    {
        var result = Validator.Validate(null, Valid());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOneAtOnce()
    {
        var options = new OidcAttestorOptions
        {
            Audience = " ",
            MaxTokenSize = 20000,
            Issuers =
            [
                new OidcIssuerOptions
                {
                    Name = "Bad_Name",
                    Issuer = "not a uri",
                    AllowedAlgorithms = ["none", "HS256", "RS256"],
                    ClockSkew = TimeSpan.FromMinutes(5),
                    MaxTokenLifetime = TimeSpan.FromDays(2),
                    RefreshInterval = TimeSpan.FromMilliseconds(10),
                    AllowedAccounts = ["123"],
                },
                ValidIssuer("dup", "https://same.example"),
                ValidIssuer("dup", "https://same.example"),
                new OidcIssuerOptions { Name = "plain", Issuer = "http://idp.example.com", MetadataAddress = "http://idp.example.com/meta" },
            ],
        };

        var failures = Validator.Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Audience", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MaxTokenSize", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Issuers[0].Name", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Issuers[0].Issuer must be an absolute URI", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'none'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'HS256'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Issuers[0].ClockSkew", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Issuers[0].MaxTokenLifetime", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Issuers[0].RefreshInterval", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Issuers[0].AllowedAccounts applies only", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'123' is not a 12-digit", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Issuers[2].Name 'dup' is not unique", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Issuers[2].Issuer 'https://same.example' is not unique", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Issuers[3].Issuer must use https", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Issuers[3].MetadataAddress must use https", StringComparison.Ordinal));
        Assert.Equal(15, failures.Count);
    }

    [Fact]
    public void Validate_NoIssuers_Fails()
    {
        var options = Valid();
        options.Issuers.Clear();

        Assert.True(Validator.Validate(null, options).Failed);
    }

    [Theory]
    [InlineData("http://localhost:8080", true, true)]
    [InlineData("http://127.0.0.1", true, true)]
    [InlineData("http://[::1]:9000", true, true)]
    [InlineData("http://localhost:8080", false, false)]
    [InlineData("http://10.0.0.1", true, false)]
    [InlineData("http://localhost.evil.example", true, false)]
    [InlineData("https://idp.example.com", false, true)]
    [InlineData("ftp://idp.example.com", true, false)]
    [InlineData("https://idp.example.com?x=1", false, false)]
    [InlineData("https://user@idp.example.com", false, false)]
    public void Validate_IssuerScheme_HttpsOrFlaggedLoopbackOnly(string issuer, bool allowLoopback, bool valid)
    {
        var options = Valid();
        options.Issuers[0].Issuer = issuer;
        options.Issuers[0].AllowInsecureLoopbackHttp = allowLoopback;

        Assert.Equal(valid, Validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("aws-sts-prod-01", true)]
    [InlineData("", false)]
    [InlineData("AWS", false)]
    [InlineData("a/b", false)]
    [InlineData("a.b", false)]
    public void Validate_Name_MustMatchPattern(string name, bool valid)
    {
        var options = Valid();
        options.Issuers[0].Name = name;

        Assert.Equal(valid, Validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_NameOf64Characters_Fails()
    {
        var options = Valid();
        options.Issuers[0].Name = new string('a', 64);

        Assert.True(Validator.Validate(null, options).Failed);
    }

    [Fact]
    public void Validate_SelectorClaimsOnNonGenericProfile_Fails()
    {
        var options = Valid();
        options.Issuers[0].SelectorClaims = ["email"];

        Assert.True(Validator.Validate(null, options).Failed);
    }

    [Theory]
    [InlineData(60, true)]
    [InlineData(61, false)]
    [InlineData(-1, false)]
    public void Validate_ClockSkew_AtMostSixtySeconds(int seconds, bool valid)
    {
        var options = Valid();
        options.Issuers[0].ClockSkew = TimeSpan.FromSeconds(seconds);

        Assert.Equal(valid, Validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_AllSupportedAlgorithms_Succeeds()
    {
        var options = Valid();
        options.Issuers[0].AllowedAlgorithms = [.. OidcAlgorithms.Supported];

        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(OidcIssuerProfile.Eks, null, 2, true)]
    [InlineData(OidcIssuerProfile.Eks, null, 100, true)]
    [InlineData(OidcIssuerProfile.Eks, null, 1, false)]
    [InlineData(OidcIssuerProfile.Eks, null, 101, false)]
    [InlineData(OidcIssuerProfile.Eks, null, 0, false)]
    [InlineData(OidcIssuerProfile.Eks, OidcReplayMode.SingleUse, 5, false)]
    [InlineData(OidcIssuerProfile.AwsSts, null, 5, false)]
    [InlineData(OidcIssuerProfile.AwsSts, OidcReplayMode.BoundedReuse, 5, true)]
    [InlineData(OidcIssuerProfile.Generic, OidcReplayMode.BoundedReuse, null, true)]
    [InlineData(OidcIssuerProfile.Generic, OidcReplayMode.SingleUse, null, true)]
    [InlineData(OidcIssuerProfile.Generic, (OidcReplayMode)7, null, false)]
    public void Validate_ReplayPolicy_FailsClosedOnNonsense(OidcIssuerProfile profile, OidcReplayMode? replay, int? maxUses, bool valid)
    {
        var options = Valid();
        options.Issuers[0].Profile = profile;
        options.Issuers[0].Replay = replay;
        options.Issuers[0].MaxUses = maxUses;

        var result = Validator.Validate(null, options);

        Assert.True(valid == result.Succeeded, result.FailureMessage);
        if (!valid)
        {
            Assert.Contains(result.Failures!, f => f.StartsWith("Issuers[0].", StringComparison.Ordinal)
                && (f.Contains("Replay", StringComparison.Ordinal) || f.Contains("MaxUses", StringComparison.Ordinal)));
        }
    }
}
