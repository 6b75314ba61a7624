using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Bridge.Client.Evidence;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Node;

/// <summary>
/// Makes the STS client the agent asks for web identity tokens: the Region's endpoint (STS's global endpoint does not
/// serve <c>GetWebIdentityToken</c>) or <c>BridgeAgent:NodeAttestor:StsEndpoint</c>, with the SDK's default credentials
/// (on EC2 the instance role from IMDS) unless a test hands in others.
/// </summary>
internal sealed class AgentStsClientFactory(IOptions<NodeAttestorOptions> options, AWSCredentials? credentials = null)
{
    public IStsWebIdentityTokenClient Create(string region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(region) };
        if (options.Value.StsEndpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
        }

        var sts = credentials is null ? new AmazonSecurityTokenServiceClient(config) : new AmazonSecurityTokenServiceClient(credentials, config);
        return new OwnedStsClient(sts);
    }

    /// <summary>Disposes the SDK client with the wrapper.</summary>
    private sealed class OwnedStsClient(AmazonSecurityTokenServiceClient sts) : IStsWebIdentityTokenClient, IDisposable
    {
        private readonly AmazonStsWebIdentityTokenClient _inner = new(sts);

        public Task<string> GetWebIdentityTokenAsync(string audience, string signingAlgorithm, int durationSeconds, CancellationToken cancellationToken) =>
            _inner.GetWebIdentityTokenAsync(audience, signingAlgorithm, durationSeconds, cancellationToken);

        public void Dispose() => sts.Dispose();
    }
}
