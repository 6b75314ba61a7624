using System.Security.Cryptography;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Aws.Kms;
using Bridge.Authority.Telemetry;
using Bridge.Testing.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Tests.Kms;

/// <summary>
/// The SDK client is the choke point of AWS call metrics: every KMS call is timed with its operation, and each one AWS
/// refused for its rate is counted as a throttle, through the real SDK against the protocol-level fake.
/// </summary>
public sealed class AwsCallMetricsTests(KmsFixture fixture) : IClassFixture<KmsFixture>
{
    private static readonly byte[] Digest = SHA256.HashData("metered"u8);

    [Fact]
    public async Task SignThrottledTwiceThenAnswered_ThreeCallsTimedTwoThrottlesCounted()
    {
        using var meters = new TestMeterFactory();
        using var recorder = new MetricRecorder(meters);
        var options = fixture.NewOptions(maxAttempts: 3);
        var client = new AwsKmsClient(fixture.NewSdkClient(options)).WithMetrics(new AuthorityMetrics(meters, TimeProvider.System), TimeProvider.System);
        var manager = new KmsKeyManager(client, Options.Create(options), TimeProvider.System, NullLogger<KmsKeyManager>.Instance);
        var key = await manager.GenerateKeyAsync("metered", KeyType.EcP256, CancellationToken.None);
        var callsBefore = recorder.Of(AuthorityMetrics.AwsCallDurationName).Count;
        fixture.Server.ThrottleNext(2, "Sign");

        await key.SignDigestAsync(Digest, HashAlgorithmName.SHA256, CancellationToken.None);

        var signs = recorder.Of(AuthorityMetrics.AwsCallDurationName).Skip(callsBefore).ToList();
        Assert.Equal(3, signs.Count);
        Assert.All(signs, m =>
        {
            Assert.Equal("kms", m.Tag(AuthorityMetrics.ServiceTag));
            Assert.Equal("Sign", m.Tag(AuthorityMetrics.OperationTag));
            Assert.True(m.Value >= 0);
        });
        var throttles = recorder.Of(AuthorityMetrics.AwsThrottlesName);
        Assert.Equal(2, throttles.Count);
        Assert.All(throttles, m => Assert.Equal("Sign", m.Tag(AuthorityMetrics.OperationTag)));
    }

    [Fact]
    public async Task KeyCreation_EachOperationTimedUnderItsName()
    {
        using var meters = new TestMeterFactory();
        using var recorder = new MetricRecorder(meters);
        var options = fixture.NewOptions();
        var client = new AwsKmsClient(fixture.NewSdkClient(options)).WithMetrics(new AuthorityMetrics(meters, TimeProvider.System), TimeProvider.System);
        var manager = new KmsKeyManager(client, Options.Create(options), TimeProvider.System, NullLogger<KmsKeyManager>.Instance);

        await manager.GenerateKeyAsync("named", KeyType.EcP256, CancellationToken.None);

        var operations = recorder.Of(AuthorityMetrics.AwsCallDurationName).Select(m => m.Tag(AuthorityMetrics.OperationTag)).ToHashSet();
        Assert.Contains("CreateKey", operations);
        Assert.Contains("CreateAlias", operations);
        Assert.Empty(recorder.Of(AuthorityMetrics.AwsThrottlesName));
    }

    [Theory]
    [InlineData("ThrottlingException", true)]
    [InlineData("ProvisionedThroughputExceededException", true)]
    [InlineData("RequestLimitExceeded", true)]
    [InlineData("KMSInternalException", false)]
    [InlineData("ConditionalCheckFailedException", false)]
    public void IsThrottling_KnowsTheThrottlingErrorCodes(string code, bool throttling) =>
        Assert.Equal(throttling, AwsCallMetrics.IsThrottling(new Amazon.Runtime.AmazonServiceException("x") { ErrorCode = code }));
}
