using System.Net;
using Bridge.Abstractions.Attestation;
using Bridge.Attestors.AwsIid;
using Bridge.Testing.Aws.Ec2;
using Bridge.Testing.Aws.Sts;

namespace Bridge.Attestors.Tests.AwsIid;

/// <summary>DescribeInstances and AssumeRole through the real AWS SDK clients against the loopback EC2 and STS fakes.</summary>
public sealed class AwsIidDescribeInstancesTests : IAsyncLifetime
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/BridgeIidReader";
    private readonly TestIidAuthority _aws = TestIidAuthority.Create();
    private readonly TestIidDocument _document = new();
    private FakeEc2Server _ec2 = null!;
    private FakeStsServer _sts = null!;

    public async ValueTask InitializeAsync()
    {
        _ec2 = await FakeEc2Server.StartAsync();
        _sts = await FakeStsServer.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _ec2.DisposeAsync();
        await _sts.DisposeAsync();
        _aws.Dispose();
    }

    private static AwsIidAttestorOptions Describing(string? assumeRole = null) =>
        AwsIidTestEnvironment.Options(o => (o.DescribeInstances, o.AssumeRoleName) = (true, assumeRole));

    private static FakeEc2Instance Instance(string state = "running", string owner = TestIidDocument.DefaultAccount) => new()
    {
        InstanceId = TestIidDocument.DefaultInstanceId,
        OwnerId = owner,
        State = state,
        Tags = new Dictionary<string, string> { ["role"] = "web", ["team"] = "a:b", ["aws:autoscaling:groupName"] = "web-asg" },
        SecurityGroups = [("sg-0123456789abcdef0", "web"), ("sg-0fedcba9876543210", "ssh")],
        InstanceProfileArn = "arn:aws:iam::123456789012:instance-profile/web",
    };

    [Fact]
    public async Task Attest_RunningInstance_AddsTheEc2SelectorsExactly()
    {
        _ec2.AddInstance(Instance());

        var result = await AwsIidTestEnvironment.Attestor(_aws, Describing(), _ec2, _sts).AttestAsync(_aws.Evidence(_document));

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(
            [
                "aws_iid:account_id:123456789012",
                "aws_iid:az:us-east-1a",
                "aws_iid:iam:instance_profile:arn:aws:iam::123456789012:instance-profile/web",
                "aws_iid:image:id:ami-0abcdef1234567890",
                "aws_iid:instance:id:i-0123456789abcdef0",
                "aws_iid:instance_type:t3.micro",
                "aws_iid:region:us-east-1",
                "aws_iid:sg:id:sg-0123456789abcdef0",
                "aws_iid:sg:id:sg-0fedcba9876543210",
                "aws_iid:sg:name:ssh",
                "aws_iid:sg:name:web",
                "aws_iid:subnet:id:subnet-0a1b2c3d4e5f60718",
                "aws_iid:tag:role:web",
                "aws_iid:tag:team:a:b",
                "aws_iid:vpc:id:vpc-0a1b2c3d4e5f60718",
            ],
            result.Node.Selectors.Select(s => s.ToString()));
        var call = Assert.Single(_ec2.Calls);
        Assert.Equal(("DescribeInstances", "2016-11-15", true), (call.Action, call.Version, call.Signed));
        Assert.Equal([TestIidDocument.DefaultInstanceId], call.InstanceIds);
        Assert.Equal("AKIDBRIDGESERVICE", call.AccessKeyId);
        Assert.Empty(_sts.Calls);
    }

    [Fact]
    public async Task Vocabulary_CoversEveryEmittedSelector_AndEveryFormIsEmitted()
    {
        _ec2.AddInstance(Instance());

        var result = await AwsIidTestEnvironment.Attestor(_aws, Describing(), _ec2, _sts).AttestAsync(_aws.Evidence(_document));

        Assert.True(result.Succeeded, result.Detail);
        Assert.All(result.Node.Selectors, s => Assert.True(AwsIidSelectors.Vocabulary.Covers(s), s.ToString()));
        var emittedForms = AwsIidSelectors.Vocabulary.ValuePrefixes
            .Where(p => result.Node.Selectors.Any(s => s.Value.StartsWith(p, StringComparison.Ordinal)));
        Assert.Equal(AwsIidSelectors.Vocabulary.ValuePrefixes, emittedForms);
    }

    [Theory]
    [InlineData("stopped")]
    [InlineData("pending")]
    [InlineData("terminated")]
    public async Task Attest_InstanceNotRunning_IsPolicyDenied(string state)
    {
        _ec2.AddInstance(Instance(state));

        var result = await AwsIidTestEnvironment.Attestor(_aws, Describing(), _ec2, _sts).AttestAsync(_aws.Evidence(_document));

        Assert.Equal(AttestationFailureKind.PolicyDenied, result.FailureKind);
    }

    [Fact]
    public async Task Attest_InstanceEc2DoesNotKnow_IsPolicyDenied()
    {
        var result = await AwsIidTestEnvironment.Attestor(_aws, Describing(), _ec2, _sts).AttestAsync(_aws.Evidence(_document));

        Assert.Equal(AttestationFailureKind.PolicyDenied, result.FailureKind);
        Assert.Single(_ec2.Calls);
    }

    [Fact]
    public async Task Attest_InstanceOwnedByAnotherAccount_IsPolicyDenied()
    {
        _ec2.AddInstance(Instance(owner: "444455556666"));

        var result = await AwsIidTestEnvironment.Attestor(_aws, Describing(), _ec2, _sts).AttestAsync(_aws.Evidence(_document));

        Assert.Equal(AttestationFailureKind.PolicyDenied, result.FailureKind);
    }

    [Theory]
    [InlineData("RequestLimitExceeded", HttpStatusCode.ServiceUnavailable)]
    [InlineData("Unavailable", HttpStatusCode.ServiceUnavailable)]
    [InlineData("InternalError", HttpStatusCode.InternalServerError)]
    [InlineData("UnauthorizedOperation", HttpStatusCode.Forbidden)]
    public async Task Attest_Ec2ThrottledFailingOrRefusingBridge_IsUnavailable(string code, HttpStatusCode status)
    {
        _ec2.AddInstance(Instance());
        _ec2.FailNext(1, code, status);

        var result = await AwsIidTestEnvironment.Attestor(_aws, Describing(), _ec2, _sts).AttestAsync(_aws.Evidence(_document));

        Assert.Equal(AttestationFailureKind.Unavailable, result.FailureKind);
    }

    [Fact]
    public async Task Attest_Ec2Unreachable_IsUnavailable()
    {
        var gone = await FakeEc2Server.StartAsync();
        await gone.DisposeAsync();

        var result = await AwsIidTestEnvironment.Attestor(_aws, Describing(), gone, _sts).AttestAsync(_aws.Evidence(_document));

        Assert.Equal(AttestationFailureKind.Unavailable, result.FailureKind);
    }

    [Fact]
    public async Task Attest_AssumeRoleName_DescribesWithTheRoleInTheInstancesAccount()
    {
        _ec2.AddInstance(Instance());
        _sts.AllowAssumeRole(RoleArn);

        var result = await AwsIidTestEnvironment.Attestor(_aws, Describing("BridgeIidReader"), _ec2, _sts).AttestAsync(_aws.Evidence(_document));

        Assert.True(result.Succeeded, result.Detail);
        var session = Assert.Single(_sts.AssumeRoleSessions);
        Assert.Equal(RoleArn, session.RoleArn);
        Assert.Equal("bridge-iid-i-0123456789abcdef0", session.RoleSessionName);
        var call = Assert.Single(_ec2.Calls);
        Assert.Equal(session.AccessKeyId, call.AccessKeyId);
        Assert.False(string.IsNullOrEmpty(call.SecurityToken));
    }

    [Fact]
    public async Task Attest_AssumeRoleInChina_UsesTheAwsCnPartition()
    {
        _ec2.AddInstance(Instance());
        _sts.AllowAssumeRole("arn:aws-cn:iam::123456789012:role/BridgeIidReader");

        var result = await AwsIidTestEnvironment.Attestor(_aws, Describing("BridgeIidReader"), _ec2, _sts)
            .AttestAsync(_aws.Evidence(_document with { Region = "cn-north-1" }));

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal("arn:aws-cn:iam::123456789012:role/BridgeIidReader", Assert.Single(_sts.AssumeRoleSessions).RoleArn);
    }

    [Fact]
    public async Task Attest_RoleThatCannotBeAssumed_IsPolicyDenied()
    {
        _ec2.AddInstance(Instance());

        var result = await AwsIidTestEnvironment.Attestor(_aws, Describing("BridgeIidReader"), _ec2, _sts).AttestAsync(_aws.Evidence(_document));

        Assert.Equal(AttestationFailureKind.PolicyDenied, result.FailureKind);
        Assert.Empty(_ec2.Calls);
    }

    [Fact]
    public async Task Attest_StsThrottled_IsUnavailable()
    {
        _ec2.AddInstance(Instance());
        _sts.AllowAssumeRole(RoleArn);
        _sts.FailNext(1, "Throttling", HttpStatusCode.BadRequest);

        var result = await AwsIidTestEnvironment.Attestor(_aws, Describing("BridgeIidReader"), _ec2, _sts).AttestAsync(_aws.Evidence(_document));

        Assert.Equal(AttestationFailureKind.Unavailable, result.FailureKind);
    }

    [Fact]
    public async Task Attest_DescribeInstancesOff_CallsNoAws()
    {
        var result = await AwsIidTestEnvironment.Attestor(_aws, AwsIidTestEnvironment.Options(), _ec2, _sts).AttestAsync(_aws.Evidence(_document));

        Assert.True(result.Succeeded, result.Detail);
        Assert.Empty(_ec2.Calls);
        Assert.Empty(_sts.Calls);
    }
}
