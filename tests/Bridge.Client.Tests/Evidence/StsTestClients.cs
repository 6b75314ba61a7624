using Amazon.Runtime;
using Amazon.SecurityToken;
using Bridge.Client.Evidence;
using Bridge.Testing.Aws.Sts;
using Microsoft.Extensions.Options;

namespace Bridge.Client.Tests.Evidence;

/// <summary>The real AWS SDK STS client pointed at a <see cref="FakeStsServer"/> with fixed credentials (never IMDS).</summary>
internal static class StsTestClients
{
    public static AmazonSecurityTokenServiceClient Sdk(Uri serviceUrl) => new(
        new BasicAWSCredentials("x", "y"),
        new AmazonSecurityTokenServiceConfig { ServiceURL = serviceUrl.ToString(), AuthenticationRegion = "eu-west-1", MaxErrorRetry = 0 });

    public static StsWebIdentityTokenOptions Options(string audience = "bridge") => new() { Audience = audience, Region = "eu-west-1" };

    public static StsWebIdentityTokenProvider Provider(IAmazonSecurityTokenService sts, StsWebIdentityTokenOptions? options = null) =>
        new(new AmazonStsWebIdentityTokenClient(sts), Microsoft.Extensions.Options.Options.Create(options ?? Options()));

    public static Task<FakeStsServer> StartAsync() => FakeStsServer.StartAsync();
}
