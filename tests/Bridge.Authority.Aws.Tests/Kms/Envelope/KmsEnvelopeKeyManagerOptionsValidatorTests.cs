using Bridge.Authority.Aws.Kms.Envelope;

namespace Bridge.Authority.Aws.Tests.Kms.Envelope;

public sealed class KmsEnvelopeKeyManagerOptionsValidatorTests
{
    private static KmsEnvelopeKeyManagerOptions Valid() => new() { WrappingKeyId = "alias/bridge-keys", Namespace = "example-org", Region = "eu-west-1" };

    [Fact]
    public void Validate_ValidOptions_Succeeds()
    {
        Assert.True(new KmsEnvelopeKeyManagerOptionsValidator().Validate(null, Valid()).Succeeded);
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOne()
    {
        var options = new KmsEnvelopeKeyManagerOptions
        {
            WrappingKeyId = string.Empty,
            Namespace = string.Empty,
            ServiceUrl = "ftp://local",
            MaxAttempts = 11,
            RetryBaseDelay = TimeSpan.FromSeconds(-1),
            RetryMaxDelay = TimeSpan.FromMinutes(1),
        };

        var result = new KmsEnvelopeKeyManagerOptionsValidator().Validate(null, options);

        Assert.Equal(7, result.Failures!.Count());
    }

    [Theory]
    [InlineData("alias/bridge-keys", true)]
    [InlineData("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", true)]
    [InlineData("arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/bridge-keys", true)]
    [InlineData("1234abcd-12ab-34cd-56ef-1234567890ab", true)]
    [InlineData("mrk-1234abcd12ab34cd56ef1234567890ab", true)]
    [InlineData("alias/aws/lambda", false)]
    [InlineData("arn:aws:kms:eu-west-1:111122223333:alias/aws/lambda", false)]
    [InlineData("arn:aws:s3:::bucket/key/x", false)]
    [InlineData("alias/", false)]
    [InlineData("bridge-keys", false)]
    [InlineData("alias/with space", false)]
    public void Validate_WrappingKeyId_AcceptsOnlyCustomerKeyReferences(string wrappingKeyId, bool valid)
    {
        var options = Valid();
        options.WrappingKeyId = wrappingKeyId;

        Assert.Equal(valid, new KmsEnvelopeKeyManagerOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("example-org", true)]
    [InlineData("01-prod", true)]
    [InlineData("Example-Org", false)]
    [InlineData("example_org", false)]
    [InlineData("example.org", false)]
    [InlineData("a23456789012345678901234567890123456789012345678901", false)]
    public void Validate_Namespace_FitsTheStateDocumentName(string value, bool valid)
    {
        var options = Valid();
        options.Namespace = value;

        Assert.Equal(valid, new KmsEnvelopeKeyManagerOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_ServiceUrlWithoutRegion_Fails()
    {
        var options = Valid();
        options.Region = null;
        options.ServiceUrl = "http://127.0.0.1:4566";

        Assert.False(new KmsEnvelopeKeyManagerOptionsValidator().Validate(null, options).Succeeded);
    }
}
