using System.Collections;
using Bridge.Infrastructure.Settings;

namespace Bridge.Infrastructure.Tests.Settings;

public sealed class StageSettingsReaderTests
{
    [Fact]
    public void Read_MinimalContext_AppliesTheDefaults()
    {
        var settings = Valid(TestContext.Minimal());

        Assert.Equal("dev", settings.Stage);
        Assert.Equal(KeyMode.Kms, settings.KeyMode);
        Assert.Equal(UpstreamMode.SelfSigned, settings.Upstream);
        Assert.True(settings.Arm64);
        Assert.Equal("linux-arm64", settings.RuntimeIdentifier);
        Assert.Equal("example-org-dev", settings.KeyNamespace);
        Assert.Null(settings.FixedIssuer);
        Assert.Null(settings.Audience);
        Assert.Equal(50, settings.ThrottleRate);
        Assert.Equal(100, settings.ThrottleBurst);
        Assert.Equal(60, settings.RotationIntervalMinutes);
        Assert.Equal("sts.amazonaws.com", settings.ConsumerAudience);
        Assert.Equal([new StsIssuer(TestContext.WorkloadAccount, TestContext.StsIssuer)], settings.StsIssuers);
    }

    [Fact]
    public void Read_EverythingWrong_ReportsEveryProblemAtOnce()
    {
        var context = new Dictionary<string, object>
        {
            ["bridge:stage"] = "Prod!",
            ["bridge:account"] = "1234",
            ["bridge:region"] = "Europe",
            ["bridge:trustDomain"] = "spiffe://Example.org",
            ["bridge:certificateArn"] = TestContext.CertificateArn,
            ["bridge:stsIssuers"] = "12=https://example.com",
            ["bridge:keyMode"] = "kms",
            ["bridge:upstream"] = "AcmPca",
            ["bridge:architecture"] = "arm",
            ["bridge:throttleRate"] = "0",
            ["bridge:rotationIntervalMinutes"] = "1",
            ["bridge:bootstrapDir"] = Path.Combine(Path.GetTempPath(), "no-such-bridge-bootstrap-dir"),
        };

        var errors = StageSettingsReader.Read(Lookup(context)).Errors;

        string[] keys =
        [
            "bridge:stage", "bridge:account", "bridge:region", "bridge:trustDomain", "bridge:certificateArn",
            "bridge:stsIssuers", "bridge:keyMode", "bridge:pcaArn", "bridge:architecture", "bridge:throttleRate",
            "bridge:rotationIntervalMinutes", "bridge:bootstrapDir", "bridge:keyNamespace",
        ];
        foreach (var key in keys)
        {
            Assert.Contains(errors, e => e.StartsWith(key + ":", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Read_StsIssuersAsCommaSeparatedPairs_ReadsEachAccountSortedByAccount()
    {
        const string Other = "https://aaaa-bbbb.tokens.sts.global.api.aws";
        var settings = Valid(TestContext.With(("bridge:stsIssuers", $"999988887777={Other}, {TestContext.WorkloadAccount}={TestContext.StsIssuer}")));

        Assert.Equal(["444455556666", "999988887777"], settings.StsIssuers.Select(i => i.Account));
        Assert.Equal("aws-sts-999988887777", settings.StsIssuers[1].AttestorName);
        Assert.Equal(Other, settings.StsIssuers[1].Issuer);
    }

    [Fact]
    public void Read_StsIssuersAsAnObjectFromCdkJson_ReadsThem()
    {
        var settings = Valid(TestContext.With(("bridge:stsIssuers", new Hashtable { [TestContext.WorkloadAccount] = TestContext.StsIssuer })));

        Assert.Equal(TestContext.StsIssuer, Assert.Single(settings.StsIssuers).Issuer);
    }

    [Theory]
    [InlineData("https://abc.tokens.sts.global.api.aws/")]
    [InlineData("https://abc.tokens.sts.global.api.aws/path")]
    [InlineData("http://abc.tokens.sts.global.api.aws")]
    [InlineData("https://sts.amazonaws.com")]
    [InlineData("https://ABC.tokens.sts.global.api.aws")]
    public void Read_StsIssuerNotInTheStsForm_IsRejected(string issuer)
    {
        var errors = Invalid(TestContext.With(("bridge:stsIssuers", $"{TestContext.WorkloadAccount}={issuer}")));

        Assert.Contains(errors, e => e.StartsWith("bridge:stsIssuers: the issuer of account", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_OneIssuerForTwoAccounts_IsRejected()
    {
        var errors = Invalid(TestContext.With(("bridge:stsIssuers", $"{TestContext.WorkloadAccount}={TestContext.StsIssuer},999988887777={TestContext.StsIssuer}")));

        Assert.Contains(errors, e => e.Contains("more than one account", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_NoStsIssuers_IsRejected()
    {
        var context = TestContext.Minimal();
        context.Remove("bridge:stsIssuers");

        Assert.Contains(Invalid(context), e => e.StartsWith("bridge:stsIssuers: required", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_CustomDomainWithoutCertificate_IsRejected()
    {
        Assert.Contains(
            Invalid(TestContext.With(("bridge:customDomain", "bridge.example.org"))),
            e => e.StartsWith("bridge:certificateArn: required", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_CertificateInAnotherRegion_IsRejected()
    {
        var errors = Invalid(TestContext.With(
            ("bridge:customDomain", "bridge.example.org"),
            ("bridge:certificateArn", TestContext.CertificateArn.Replace("eu-west-1", "us-east-1", StringComparison.Ordinal))));

        Assert.Contains(errors, e => e.StartsWith("bridge:certificateArn:", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_CustomDomain_MakesTheIssuerFixed()
    {
        var settings = Valid(TestContext.With(("bridge:customDomain", "bridge.example.org"), ("bridge:certificateArn", TestContext.CertificateArn)));

        Assert.Equal("https://bridge.example.org", settings.FixedIssuer);
    }

    [Fact]
    public void Read_PcaArnWithoutAcmPcaUpstream_IsRejected()
    {
        Assert.Contains(Invalid(TestContext.With(("bridge:pcaArn", TestContext.PcaArn))), e => e.StartsWith("bridge:pcaArn: set only", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_AcmPcaWithArn_IsValid()
    {
        var settings = Valid(TestContext.With(("bridge:upstream", "AcmPca"), ("bridge:pcaArn", TestContext.PcaArn)));

        Assert.Equal(UpstreamMode.AcmPca, settings.Upstream);
        Assert.Equal(TestContext.PcaArn, settings.PcaArn);
    }

    [Fact]
    public void Read_ConsumerWithoutCustomDomain_IsRejectedBecauseIamNeedsAFixedIssuer()
    {
        var errors = Invalid(TestContext.With(("bridge:consumerSpiffeId", "spiffe://example.org/billing")));

        Assert.Contains(errors, e => e.StartsWith("bridge:consumerSpiffeId: needs bridge:customDomain", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("spiffe://other.org/billing")]
    [InlineData("spiffe://example.org")]
    [InlineData("spiffe://example.org/")]
    [InlineData("https://example.org/billing")]
    public void Read_ConsumerSpiffeIdOutsideTheTrustDomain_IsRejected(string spiffeId)
    {
        var errors = Invalid(TestContext.With(
            ("bridge:customDomain", "bridge.example.org"),
            ("bridge:certificateArn", TestContext.CertificateArn),
            ("bridge:consumerSpiffeId", spiffeId)));

        Assert.Contains(errors, e => e.StartsWith("bridge:consumerSpiffeId: '", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_TrustDomainTooLongForTheDefaultKeyNamespace_AsksForAnExplicitOne()
    {
        var longDomain = new string('a', 60) + ".example.org";

        Assert.Contains(Invalid(TestContext.With(("bridge:trustDomain", longDomain))), e => e.StartsWith("bridge:keyNamespace:", StringComparison.Ordinal));
        Assert.Equal("short", Valid(TestContext.With(("bridge:trustDomain", longDomain), ("bridge:keyNamespace", "short"))).KeyNamespace);
    }

    [Fact]
    public void Read_NumbersFromCdkJson_AreRead()
    {
        var settings = Valid(TestContext.With(("bridge:throttleRate", 25), ("bridge:throttleBurst", 40), ("bridge:rotationIntervalMinutes", 15)));

        Assert.Equal(25, settings.ThrottleRate);
        Assert.Equal(40, settings.ThrottleBurst);
        Assert.Equal(15, settings.RotationIntervalMinutes);
    }

    [Fact]
    public void Read_BootstrapDir_IsMadeAbsolute()
    {
        Assert.True(Path.IsPathFullyQualified(Valid(TestContext.Minimal()).BootstrapDir!));
    }

    [Theory]
    [InlineData("eu-west-1", "aws")]
    [InlineData("cn-north-1", "aws-cn")]
    [InlineData("us-gov-west-1", "aws-us-gov")]
    public void Partition_FollowsTheRegion(string region, string partition)
    {
        Assert.Equal(partition, Valid(TestContext.With(("bridge:region", region))).Partition);
    }

    [Fact]
    public void Read_AwsIidAccountsAsTextOrJson_TurnTheAttestorOn()
    {
        Assert.Null(Valid(TestContext.Minimal()).AwsIid);

        var text = Valid(TestContext.With(("bridge:awsIidAccounts", "777788889999, 444455556666"))).AwsIid!;
        var json = Valid(TestContext.With(("bridge:awsIidAccounts", "[\"444455556666\"]"), ("bridge:awsIidDescribeInstances", true))).AwsIid!;
        var any = Valid(TestContext.With(("bridge:awsIidAccounts", "*"))).AwsIid!;

        Assert.Equal(["444455556666", "777788889999"], text.AllowedAccounts);
        Assert.False(text.DescribeInstances);
        Assert.Equal(["444455556666"], json.AllowedAccounts);
        Assert.True(json.DescribeInstances);
        Assert.True(any.AllowAnyAccount);
        Assert.Empty(any.AllowedAccounts);
    }

    [Theory]
    [InlineData("bridge:awsIidAccounts", "1234", null, null)]
    [InlineData("bridge:awsIidAccounts", ",", null, null)]
    [InlineData("bridge:awsIidDescribeInstances", "444455556666", "yes", null)]
    [InlineData("bridge:awsIidAssumeRoleName", "444455556666", "true", "team/Reader")]
    [InlineData("bridge:awsIidAssumeRoleName", "444455556666", null, "Reader")]
    [InlineData("bridge:awsIidAssumeRoleName", "*", "true", "Reader")]
    [InlineData("bridge:awsIidDescribeInstances", null, "true", null)]
    public void Read_AwsIidMisconfigured_IsRejectedNamingTheKey(string key, string? accounts, string? describe, string? role)
    {
        var context = TestContext.Minimal();
        foreach (var (name, value) in new[] { ("bridge:awsIidAccounts", accounts), ("bridge:awsIidDescribeInstances", describe), ("bridge:awsIidAssumeRoleName", role) })
        {
            if (value is not null)
            {
                context[name] = value;
            }
        }

        Assert.Contains(Invalid(context), e => e.StartsWith(key + ":", StringComparison.Ordinal));
    }

    private static StageSettings Valid(Dictionary<string, object> context)
    {
        var result = StageSettingsReader.Read(Lookup(context));
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Settings!;
    }

    private static IReadOnlyList<string> Invalid(Dictionary<string, object> context)
    {
        var result = StageSettingsReader.Read(Lookup(context));
        Assert.False(result.IsValid);
        Assert.Null(result.Settings);
        return result.Errors;
    }

    private static Func<string, object?> Lookup(Dictionary<string, object> context) =>
        key => context.TryGetValue(key, out var value) ? value : null;
}
