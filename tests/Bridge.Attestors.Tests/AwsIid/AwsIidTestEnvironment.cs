using Amazon.EC2;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Bridge.Abstractions.Nodes;
using Bridge.Attestors.AwsIid;
using Bridge.Testing.Aws.Ec2;
using Bridge.Testing.Aws.Sts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Attestors.Tests.AwsIid;

/// <summary>
/// An <see cref="AwsIidNodeAttestor"/> trusting a <see cref="TestIidAuthority"/>'s certificates, on a fake clock, with the
/// real AWS SDK clients pointed at loopback fakes of EC2 and STS (fixed credentials, no retries).
/// </summary>
internal static class AwsIidTestEnvironment
{
    /// <summary>"Now" in tests: six days after the default document's pendingTime.</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    public static AwsIidAttestorOptions Options(Action<AwsIidAttestorOptions>? configure = null)
    {
        var options = new AwsIidAttestorOptions { Enabled = true, AllowedAccounts = [TestIidDocument.DefaultAccount] };
        configure?.Invoke(options);
        return options;
    }

    public static AwsIidNodeAttestor Attestor(
        TestIidAuthority authority,
        AwsIidAttestorOptions? options = null,
        FakeEc2Server? ec2 = null,
        FakeStsServer? sts = null,
        TimeProvider? time = null) =>
        new(
            Microsoft.Extensions.Options.Options.Create(options ?? Options()),
            AwsIidCertificateTable.Create(authority.Certificates),
            Clients(ec2, sts),
            time ?? new FakeTimeProvider(Now),
            NullLogger<AwsIidNodeAttestor>.Instance);

    public static AwsIidAwsClients Clients(FakeEc2Server? ec2, FakeStsServer? sts) => new(
        (region, credentials) => new AmazonEC2Client(
            credentials ?? new BasicAWSCredentials("AKIDBRIDGESERVICE", "secret"),
            new AmazonEC2Config { ServiceURL = (ec2?.ServiceUrl ?? new Uri("http://127.0.0.1:9")).ToString(), AuthenticationRegion = region, MaxErrorRetry = 0 }),
        () => new AmazonSecurityTokenServiceClient(
            new BasicAWSCredentials("AKIDBRIDGESERVICE", "secret"),
            new AmazonSecurityTokenServiceConfig { ServiceURL = (sts?.ServiceUrl ?? new Uri("http://127.0.0.1:9")).ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 }));

    public static ValueTask<NodeAttestationResult> AttestAsync(this AwsIidNodeAttestor attestor, byte[] payload) =>
        attestor.AttestAsync(new NodeAttestationRequest(payload), TestContext.Current.CancellationToken);
}
