using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Bridge.Agent.Hosting;
using Bridge.Client.Evidence;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Node.Sts;

/// <summary>Registers the <c>aws_sts</c> node evidence (section <c>BridgeAgent:NodeAttestor:AwsSts</c>).</summary>
public static class StsNodeEvidenceServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="StsNodeEvidenceOptions"/> (validated at start), <see cref="StsNodeEvidenceProvider"/> and the STS
    /// client it calls, built on first use. It does not register an <see cref="INodeEvidenceProvider"/>: node attestation
    /// chooses one by <c>BridgeAgent:NodeAttestor:Attestor</c> and resolves this one for <c>aws_sts</c>. An
    /// <see cref="AWSCredentials"/> registered in the container wins over the SDK's default chain (tests; code only).
    /// </summary>
    public static IServiceCollection AddStsNodeEvidence(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddAgentSettings<StsNodeEvidenceOptions, StsNodeEvidenceOptionsValidator>(o => o.Bind(configuration.GetSection(StsNodeEvidenceOptions.SectionName), AgentSettingsRegistration.Strict));

        // Keyed, so it neither takes nor replaces another part's STS client; the container disposes it.
        services.TryAddKeyedSingleton<IAmazonSecurityTokenService>(
            StsNodeEvidenceProvider.Name,
            (sp, _) => CreateClient(sp.GetRequiredService<IOptions<StsNodeEvidenceOptions>>().Value, sp.GetService<AWSCredentials>()));
        services.TryAddSingleton(sp => new StsNodeEvidenceProvider(
            new AmazonStsWebIdentityTokenClient(sp.GetRequiredKeyedService<IAmazonSecurityTokenService>(StsNodeEvidenceProvider.Name)),
            sp.GetRequiredService<IOptions<StsNodeEvidenceOptions>>(),
            sp.GetRequiredService<IOptions<AgentOptions>>(),
            sp.GetRequiredService<ILogger<StsNodeEvidenceProvider>>()));
        return services;
    }

    /// <summary>The regional STS client (or the configured endpoint's).</summary>
    private static AmazonSecurityTokenServiceClient CreateClient(StsNodeEvidenceOptions options, AWSCredentials? credentials)
    {
        var region = StsNodeEvidenceProvider.ResolveRegion(options)
            ?? throw new InvalidOperationException($"{StsNodeEvidenceOptions.SectionName}:Region is not set and AWS_REGION is empty.");
        var config = new AmazonSecurityTokenServiceConfig();
        if (options.StsEndpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return credentials is null ? new AmazonSecurityTokenServiceClient(config) : new AmazonSecurityTokenServiceClient(credentials, config);
    }
}
