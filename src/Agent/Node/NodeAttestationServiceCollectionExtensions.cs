using Bridge.Agent.Node.Sts;
using Bridge.Agent.Server;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Node;

/// <summary>Registers node attestation, the agent's own SVID and the agent API client (section <c>BridgeAgent:NodeAttestor</c>).</summary>
public static class NodeAttestationServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IAgentIdentity"/>, <see cref="IAgentServerClient"/>, <see cref="INodeEvidenceProvider"/> and the attestation/renewal service.</summary>
    public static IServiceCollection AddAgentNodeAttestation(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Not ErrorOnUnknownConfiguration: it would refuse the AwsSts subsection, which the aws_sts provider binds. The
        // validator refuses unknown keys by name instead.
        services.AddOptions<NodeAttestorOptions>().Bind(configuration.GetSection(NodeAttestorOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NodeAttestorOptions>>(_ => new NodeAttestorOptionsValidator(configuration));

        // IMDS is link-local: never through a proxy. The exchange client follows no redirects (an assertion is bound
        // to one URL) and takes the timeouts from the settings per call.
        services.AddHttpClient(ImdsNodeEvidenceProvider.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });
        services.AddHttpClient(AgentApiTransport.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

        services.AddSingleton<AgentStsClientFactory>(sp => new AgentStsClientFactory(sp.GetRequiredService<IOptions<NodeAttestorOptions>>()));
        services.AddSingleton<ImdsNodeEvidenceProvider>();
        // Registered whatever the choice: its validator asks for its Region and audience only when aws_sts is chosen.
        services.AddStsNodeEvidence(configuration);
        // Chosen from the raw setting, not the validated options: the host builds hosted services before it validates
        // options, and reading them here would stop the start with this section's problems only. An unknown value is
        // refused by the validator before anything runs.
        services.AddSingleton<INodeEvidenceProvider>(sp =>
            configuration.GetSection(NodeAttestorOptions.SectionName)[nameof(NodeAttestorOptions.Attestor)] switch
            {
                NodeAttestorOptions.AwsSts => sp.GetRequiredService<StsNodeEvidenceProvider>(),
                _ => sp.GetRequiredService<ImdsNodeEvidenceProvider>(),
            });

        services.AddSingleton<AgentApiTransport>();
        services.AddSingleton<AgentIdentityApi>();
        services.AddSingleton<AgentIdentityStore>();
        services.AddSingleton<AgentIdentityService>();
        services.AddSingleton<IAgentIdentity>(sp => sp.GetRequiredService<AgentIdentityService>());
        services.AddSingleton<IAgentCredentialsSource>(sp => sp.GetRequiredService<AgentIdentityService>());
        services.AddHostedService(sp => sp.GetRequiredService<AgentIdentityService>());
        services.AddSingleton<IAgentServerClient, AgentServerClient>();
        return services;
    }
}
