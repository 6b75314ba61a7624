using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.SecurityToken;

namespace Bridge.Attestors.AwsIid;

/// <summary>
/// How the attestor reaches EC2 and STS: a factory of EC2 clients per Region (with assumed-role credentials, or the
/// service's own when null) and one STS client. <see cref="CreateDefault"/> is what the service uses; tests point the
/// real SDK clients at loopback fakes through the constructor — in code, never through configuration.
/// </summary>
public sealed class AwsIidAwsClients
{
    private readonly Func<string, AWSCredentials?, IAmazonEC2> _createEc2Client;
    private readonly Lazy<IAmazonSecurityTokenService> _sts;

    /// <summary>Clients from the given factories.</summary>
    /// <param name="createEc2Client">Makes an EC2 client for a Region, with the given credentials or, when null, the service's own.</param>
    /// <param name="createStsClient">Makes the STS client that assumes roles; called at most once, on first use.</param>
    public AwsIidAwsClients(Func<string, AWSCredentials?, IAmazonEC2> createEc2Client, Func<IAmazonSecurityTokenService> createStsClient)
    {
        ArgumentNullException.ThrowIfNull(createEc2Client);
        ArgumentNullException.ThrowIfNull(createStsClient);
        _createEc2Client = createEc2Client;
        _sts = new Lazy<IAmazonSecurityTokenService>(createStsClient);
    }

    /// <summary>
    /// The service's clients: EC2 in the instance's Region and STS in the service's own Region, both with the service's
    /// credentials (the Lambda role), retries left to the SDK's standard mode.
    /// </summary>
    public static AwsIidAwsClients CreateDefault() => new(
        (region, credentials) =>
        {
            var config = new AmazonEC2Config { RegionEndpoint = RegionEndpoint.GetBySystemName(region) };
            return credentials is null ? new AmazonEC2Client(config) : new AmazonEC2Client(credentials, config);
        },
        () => new AmazonSecurityTokenServiceClient());

    /// <summary>A new EC2 client for <paramref name="region"/>; the caller disposes it.</summary>
    internal IAmazonEC2 CreateEc2Client(string region, AWSCredentials? credentials) => _createEc2Client(region, credentials);

    /// <summary>The STS client (shared, not disposed by callers).</summary>
    internal IAmazonSecurityTokenService Sts => _sts.Value;
}
