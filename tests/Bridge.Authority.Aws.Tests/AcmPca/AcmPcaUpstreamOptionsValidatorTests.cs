using Bridge.Authority.Aws.AcmPca;

namespace Bridge.Authority.Aws.Tests.AcmPca;

public sealed class AcmPcaUpstreamOptionsValidatorTests
{
    private const string Arn = "arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555";

    [Theory]
    [InlineData(Arn)]
    [InlineData("arn:aws-cn:acm-pca:cn-north-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555")]
    [InlineData("arn:aws-us-gov:acm-pca:us-gov-west-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555")]
    public void Validate_WellFormedArn_Succeeds(string arn) =>
        Assert.True(new AcmPcaUpstreamOptionsValidator().Validate(null, new AcmPcaUpstreamOptions { CertificateAuthorityArn = arn }).Succeeded);

    [Theory]
    [InlineData("arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/not-a-uuid")]
    [InlineData("arn:aws:acm:eu-west-1:111122223333:certificate/11111111-2222-3333-4444-555555555555")]
    [InlineData("arn:aws:acm-pca:eu-west-1:1111:certificate-authority/11111111-2222-3333-4444-555555555555")]
    [InlineData("11111111-2222-3333-4444-555555555555")]
    public void Validate_MalformedArn_Fails(string arn)
    {
        var result = new AcmPcaUpstreamOptionsValidator().Validate(null, new AcmPcaUpstreamOptions { CertificateAuthorityArn = arn });

        Assert.Contains(result.Failures!, f => f.Contains("CertificateAuthorityArn", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryErrorAtOnce()
    {
        var result = new AcmPcaUpstreamOptionsValidator().Validate(null, new AcmPcaUpstreamOptions
        {
            CertificateAuthorityArn = string.Empty,
            ServiceUrl = "ftp://example/path",
            SigningAlgorithm = "MD5WITHRSA",
            TemplateArn = "arn:aws:acm-pca:::template/EndEntityCertificate/V1",
            MaxAttempts = 0,
            RetryBaseDelay = TimeSpan.FromSeconds(-1),
            RetryMaxDelay = TimeSpan.FromMinutes(5),
            IssuanceTimeout = TimeSpan.Zero,
            PollInitialDelay = TimeSpan.FromSeconds(-1),
            PollMaxDelay = TimeSpan.FromMinutes(2),
        });

        Assert.Equal(10, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("subordinate CA template", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RegionDiffersFromArn_Fails()
    {
        var result = new AcmPcaUpstreamOptionsValidator().Validate(null, new AcmPcaUpstreamOptions { CertificateAuthorityArn = Arn, Region = "us-east-1" });

        Assert.Contains(result.Failures!, f => f.Contains("eu-west-1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen1/V1", true)]
    [InlineData("arn:aws:acm-pca:::template/BlankSubordinateCACertificate_PathLen0_APIPassthrough/V1", true)]
    [InlineData("arn:aws:acm-pca:::template/EndEntityCertificate/V1", false)]
    [InlineData("not-an-arn", false)]
    public void Validate_TemplateArn_MustBeSubordinateCaTemplate(string template, bool valid) =>
        Assert.Equal(valid, new AcmPcaUpstreamOptionsValidator().Validate(null, new AcmPcaUpstreamOptions { CertificateAuthorityArn = Arn, TemplateArn = template }).Succeeded);
}
