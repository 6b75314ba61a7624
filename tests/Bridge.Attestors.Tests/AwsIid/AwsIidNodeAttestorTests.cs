using Bridge.Abstractions.Attestation;
using Bridge.Attestors.AwsIid;
using Bridge.Testing.Aws.Ec2;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Attestors.Tests.AwsIid;

/// <summary>The signature rules and the document-only policy of the aws_iid node attestor; each test fails if its rule is removed.</summary>
public sealed class AwsIidNodeAttestorTests : IDisposable
{
    private readonly TestIidAuthority _aws = TestIidAuthority.Create();
    private readonly TestIidDocument _document = new();

    public void Dispose() => _aws.Dispose();

    [Fact]
    public async Task Attest_GenuineDocument_ReturnsTheNodeWithExactSelectors()
    {
        var result = await AwsIidTestEnvironment.Attestor(_aws).AttestAsync(_aws.Evidence(_document));

        Assert.True(result.Succeeded, result.Detail);
        var node = result.Node;
        Assert.Equal("aws_iid", node.AttestorName);
        Assert.Equal(["123456789012", "us-east-1", "i-0123456789abcdef0"], node.AgentIdSegments);
        Assert.Equal("123456789012/us-east-1/i-0123456789abcdef0", node.Fingerprint);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), node.EvidenceIssuedAt);
        Assert.Equal("arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0", node.ResourceArn);
        Assert.Equal(
            [
                "aws_iid:account_id:123456789012",
                "aws_iid:az:us-east-1a",
                "aws_iid:image:id:ami-0abcdef1234567890",
                "aws_iid:instance:id:i-0123456789abcdef0",
                "aws_iid:instance_type:t3.micro",
                "aws_iid:region:us-east-1",
            ],
            node.Selectors.Select(s => s.ToString()));
    }

    [Fact]
    public async Task Attest_WithoutTheSeparateDocument_TakesItFromTheSignature()
    {
        var result = await AwsIidTestEnvironment.Attestor(_aws).AttestAsync(TestIidAuthority.Payload(_aws.Sign(_document)));

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal("123456789012/us-east-1/i-0123456789abcdef0", result.Node.Fingerprint);
    }

    [Theory]
    [InlineData("cn-north-1", "arn:aws-cn:ec2:cn-north-1:123456789012:instance/i-0123456789abcdef0")]
    [InlineData("us-gov-west-1", "arn:aws-us-gov:ec2:us-gov-west-1:123456789012:instance/i-0123456789abcdef0")]
    public async Task Attest_OtherPartitions_BuildTheirArns(string region, string arn)
    {
        var document = _document with { Region = region };

        var result = await AwsIidTestEnvironment.Attestor(_aws).AttestAsync(_aws.Evidence(document));

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(arn, result.Node.ResourceArn);
    }

    [Fact]
    public async Task Attest_ForgedSignature_IsRefused()
    {
        var result = await AwsIidTestEnvironment.Attestor(_aws).AttestAsync(TestIidAuthority.Payload(_aws.Forged(_document), _document.ToJson()));

        Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
    }

    [Fact]
    public async Task Attest_Truncated_IsMalformed()
    {
        var result = await AwsIidTestEnvironment.Attestor(_aws).AttestAsync(TestIidAuthority.Payload(_aws.Truncated(_document), _document.ToJson()));

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
    }

    [Fact]
    public async Task Attest_SignedAttributesCorrupted_IsMalformedNotAnException()
    {
        // SignedCms decodes the signed attributes only when the signer is first read, after Decode succeeded: the SET of
        // the signing-time attribute retagged as a UTCTime (same length, so the outer structure still parses) made that
        // read throw, and the exchange answer 500 (found by AgentApiFuzzTests).
        var der = _aws.SignDer(System.Text.Encoding.UTF8.GetBytes(_document.ToJson()), "us-east-1");
        byte[] signingTime = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x05, 0x31];
        var at = der.AsSpan().IndexOf(signingTime);
        Assert.True(at > 0, "the signed attributes hold a signing time");
        der[at + signingTime.Length - 1] = 0x17;

        var result = await AwsIidTestEnvironment.Attestor(_aws).AttestAsync(TestIidAuthority.Payload(TestIidAuthority.Imds(der), _document.ToJson()));

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
    }

    [Fact]
    public async Task Attest_ResignedWithAnotherKeyWhoseCertificateTheMessageCarries_IsRefused()
    {
        // The impostor certificate copies the issuer and serial of the Region's: only trusting the message's own
        // certificates would accept it.
        var result = await AwsIidTestEnvironment.Attestor(_aws).AttestAsync(TestIidAuthority.Payload(_aws.ResignedWithOtherKey(_document)));

        Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
    }

    [Fact]
    public async Task Attest_SeparateDocumentDifferingByOneByte_IsRefused()
    {
        // SPIRE's 2026 substitution bug: a genuine signature of one instance next to another instance's document.
        var signed = _document.ToJson();
        var substituted = signed.Replace("i-0123456789abcdef0", "i-0123456789abcdef1", StringComparison.Ordinal);
        Assert.Equal(signed.Length, substituted.Length);

        var result = await AwsIidTestEnvironment.Attestor(_aws).AttestAsync(TestIidAuthority.Payload(_aws.Sign(_document), substituted));

        Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
    }

    [Fact]
    public async Task Attest_DocumentSignedByAnotherRegionsCertificate_IsRefused()
    {
        var document = _document with { Region = "eu-west-1" };

        var result = await AwsIidTestEnvironment.Attestor(_aws).AttestAsync(TestIidAuthority.Payload(_aws.Sign(document, signingRegion: "us-east-1")));

        Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
    }

    [Fact]
    public async Task Attest_ExtraSigner_IsRefused()
    {
        var result = await AwsIidTestEnvironment.Attestor(_aws).AttestAsync(TestIidAuthority.Payload(_aws.WithExtraSigner(_document, "us-east-1")));

        Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
    }

    [Fact]
    public async Task Attest_CounterSignature_IsRefused()
    {
        var result = await AwsIidTestEnvironment.Attestor(_aws).AttestAsync(TestIidAuthority.Payload(_aws.WithCounterSignature(_document, "eu-west-1")));

        Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
    }

    [Fact]
    public async Task Attest_ContentTypeOtherThanIdData_IsMalformed()
    {
        var result = await AwsIidTestEnvironment.Attestor(_aws).AttestAsync(TestIidAuthority.Payload(_aws.WithContentType(_document, "1.2.840.113549.1.9.16.1.4")));

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
    }

    [Fact]
    public async Task Attest_RegionNotInTheTable_IsRefused()
    {
        var document = _document with { Region = "ap-mars-1" };

        var result = await AwsIidTestEnvironment.Attestor(_aws).AttestAsync(TestIidAuthority.Payload(_aws.Sign(document, signingRegion: "us-east-1")));

        Assert.Equal(AttestationFailureKind.UntrustedIssuer, result.FailureKind);
    }

    [Fact]
    public async Task Attest_RegionCertificateExpired_IsRefused()
    {
        using var expired = TestIidAuthority.Create(["us-east-1"], notAfter: AwsIidTestEnvironment.Now.AddDays(-1));

        var result = await AwsIidTestEnvironment.Attestor(expired).AttestAsync(expired.Evidence(_document));

        Assert.Equal(AttestationFailureKind.Expired, result.FailureKind);
    }

    [Fact]
    public async Task Attest_RegionCertificateNotYetValid_IsRefused()
    {
        using var future = TestIidAuthority.Create(["us-east-1"], notBefore: AwsIidTestEnvironment.Now.AddDays(1));

        var result = await AwsIidTestEnvironment.Attestor(future).AttestAsync(future.Evidence(_document));

        Assert.Equal(AttestationFailureKind.NotYetValid, result.FailureKind);
    }

    [Fact]
    public async Task Attest_AccountNotAllowed_IsPolicyDenied()
    {
        var options = AwsIidTestEnvironment.Options(o => o.AllowedAccounts = ["111122223333"]);

        var result = await AwsIidTestEnvironment.Attestor(_aws, options).AttestAsync(_aws.Evidence(_document));

        Assert.Equal(AttestationFailureKind.PolicyDenied, result.FailureKind);
    }

    [Fact]
    public async Task Attest_AllowAnyAccount_AcceptsEveryAccount()
    {
        var options = AwsIidTestEnvironment.Options(o => (o.AllowedAccounts, o.AllowAnyAccount) = ([], true));

        var result = await AwsIidTestEnvironment.Attestor(_aws, options).AttestAsync(_aws.Evidence(_document with { AccountId = "444455556666" }));

        Assert.True(result.Succeeded, result.Detail);
    }

    [Fact]
    public async Task Attest_InstanceStartedLongerAgoThanMaxInstanceAge_IsPolicyDenied()
    {
        var options = AwsIidTestEnvironment.Options(o => o.MaxInstanceAge = TimeSpan.FromDays(6));
        var time = new FakeTimeProvider(AwsIidTestEnvironment.Now);
        var attestor = AwsIidTestEnvironment.Attestor(_aws, options, time: time);

        // pendingTime is 2026-12-01T08:00Z, exactly six days before "now": still young enough.
        Assert.True((await attestor.AttestAsync(_aws.Evidence(_document))).Succeeded);
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await attestor.AttestAsync(_aws.Evidence(_document));

        Assert.Equal(AttestationFailureKind.PolicyDenied, result.FailureKind);
    }

    private static readonly Dictionary<string, TestIidDocument> MalformedDocuments = new()
    {
        ["short account"] = new() { AccountId = "12345678901" },
        ["missing account"] = new() { AccountId = null },
        ["upper-case Region"] = new() { Region = "US-EAST-1", AvailabilityZone = "us-east-1a" },
        ["instance ID with a slash"] = new() { InstanceId = "i-0123456789/bcdef0" },
        ["instance ID not hex"] = new() { InstanceId = "i-0123456789abcdefg" },
        ["image missing"] = new() { ImageId = null },
        ["instance type with a space"] = new() { InstanceType = "t3 micro" },
        ["pendingTime not ISO 8601"] = new() { PendingTime = "Tue, 01 Dec 2026 08:00:00 GMT" },
        ["pendingTime without zone"] = new() { PendingTime = "2026-12-01T08:00:00" },
        ["zone of another Region"] = new() { AvailabilityZone = "eu-west-1a" },
        ["repeated account"] = new() { ExtraMembers = ["\"accountId\" : \"444455556666\""] },
        ["account not a string"] = new() { AccountId = null, ExtraMembers = ["\"accountId\" : 123456789012"] },
    };

    [Theory]
    [InlineData("short account")]
    [InlineData("missing account")]
    [InlineData("upper-case Region")]
    [InlineData("instance ID with a slash")]
    [InlineData("instance ID not hex")]
    [InlineData("image missing")]
    [InlineData("instance type with a space")]
    [InlineData("pendingTime not ISO 8601")]
    [InlineData("pendingTime without zone")]
    [InlineData("zone of another Region")]
    [InlineData("repeated account")]
    [InlineData("account not a string")]
    public async Task Attest_SignedButMalformedDocument_IsMalformed(string why)
    {
        var options = AwsIidTestEnvironment.Options(o => (o.AllowedAccounts, o.AllowAnyAccount) = ([], true));
        var rsa2048 = _aws.Sign(MalformedDocuments[why].ToJson(), signingRegion: "us-east-1");

        var result = await AwsIidTestEnvironment.Attestor(_aws, options).AttestAsync(TestIidAuthority.Payload(rsa2048));

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
    }
}
