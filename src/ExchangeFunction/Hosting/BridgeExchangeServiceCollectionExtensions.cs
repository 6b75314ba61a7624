using Bridge.Abstractions.Keys;
using Bridge.Authority.Aws.AcmPca;
using Bridge.Authority.Aws.Kms;
using Bridge.Authority.Aws.Kms.Envelope;
using Bridge.Authority.Ca.Rotation;
using Bridge.Attestors.AwsIid;
using Bridge.Attestors.AwsSts;
using Bridge.Attestors.Oidc;
using Bridge.Abstractions.Registration;
using Bridge.Abstractions.Replay;
using Bridge.Abstractions.Upstream;
using Bridge.Authority;
using Bridge.Authority.Agents;
using Bridge.Authority.Bundles;
using Bridge.Authority.Ca;
using Bridge.Authority.Exchange;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Keys;
using Bridge.Authority.Registration;
using Bridge.Authority.Rotation;
using Bridge.LambdaHosting;
using Bridge.ExchangeFunction.Endpoints;
using Bridge.ExchangeFunction.Hosting;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Bridge.Authority.Local.Replay;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The composition of the exchange service: options, backends, attestors, issuers and the HTTP edge.</summary>
public static class BridgeExchangeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the attestors the configuration enables and the <see cref="AttestorRegistry"/> over them. The service and
    /// <c>bridge entry explain</c> both verify evidence through exactly this composition.
    /// </summary>
    public static IServiceCollection AddBridgeAttestors(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);

        // An attestor runs only for issuers that are configured: with none, the service still serves discovery and
        // the bundle, and every exchange is refused.
        var oidc = configuration.GetSection(OidcAttestorOptions.SectionName);
        if (oidc.GetSection(nameof(OidcAttestorOptions.Issuers)).GetChildren().Any())
        {
            services.AddOidcJwtAttestor(options => oidc.Bind(options));
        }

        services.TryAddSingleton(sp => new AttestorRegistry(sp.GetServices<Bridge.Abstractions.Attestation.IAttestor>()));

        // Node attestors (the agent API): off unless enabled, so nothing accepts node evidence by default.
        var awsIid = configuration.GetSection(AwsIidAttestorOptions.SectionName);
        if (awsIid.GetValue<bool>(nameof(AwsIidAttestorOptions.Enabled)))
        {
            services.AddAwsIidNodeAttestor(options => awsIid.Bind(options));
        }

        // ECS Fargate has no IMDS: its agents attest with a task role's STS web identity token, verified by the OIDC attestor.
        var awsSts = configuration.GetSection(AwsStsNodeAttestorOptions.SectionName);
        if (awsSts.GetValue<bool>(nameof(AwsStsNodeAttestorOptions.Enabled)))
        {
            services.AddAwsStsNodeAttestor(options => awsSts.Bind(options));
        }

        return services;
    }

    /// <summary>Registers everything <c>POST /token</c> and the discovery endpoints need, from configuration.</summary>
    public static IServiceCollection AddBridgeExchange(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<AuthorityOptions>().Bind(configuration.GetSection(AuthorityOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthorityOptions>, AuthorityOptionsValidator>();
        services.AddOptions<BackendOptions>().Bind(configuration.GetSection(BackendOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BackendOptions>, BackendOptionsValidator>();
        services.AddSingleton<IValidateOptions<BackendOptions>, SelectedBackendSettingsValidator>();
        services.AddOptions<JwtKeyRotationOptions>().Bind(configuration.GetSection(JwtKeyRotationOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JwtKeyRotationOptions>, JwtKeyRotationOptionsValidator>();
        services.AddOptions<ExchangeFunctionOptions>().Bind(configuration.GetSection(ExchangeFunctionOptions.SectionName));

        // Backends are chosen when services are built, from the bound options, so every configuration source (even
        // one added after this call, as test hosts do) decides them.
        services.TryAddSingleton(BackendFactories.CreateKeyManager);
        services.TryAddSingleton(BackendFactories.CreateRegistrationStore);
        services.TryAddSingleton(BackendFactories.CreateReplayCache);
        services.TryAddSingleton(BackendFactories.CreateNodeStore);
        services.TryAddSingleton(BackendFactories.CreateDynamoDbClient);
        services.TryAddSingleton(BackendFactories.CreateKmsClient);
        services.TryAddSingleton(BackendFactories.CreateKmsEnvelopeClient);
        services.TryAddSingleton(BackendFactories.CreateStateStore);
        services.TryAddSingleton(BackendFactories.CreateAcmPcaClient);
        services.AddOptions<KmsKeyManagerOptions>().Bind(configuration.GetSection(KmsKeyManagerOptions.SectionName));
        services.AddOptions<KmsEnvelopeKeyManagerOptions>().Bind(configuration.GetSection(KmsEnvelopeKeyManagerOptions.SectionName));
        services.AddOptions<AcmPcaUpstreamOptions>().Bind(configuration.GetSection(AcmPcaUpstreamOptions.SectionName));
        services.AddOptions<InMemoryReplayCacheOptions>().Bind(configuration.GetSection(InMemoryReplayCacheOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InMemoryReplayCacheOptions>, InMemoryReplayCacheOptionsValidator>();
        services.AddOptions<SelfSignedUpstreamOptions>()
            .Bind(configuration.GetSection(SelfSignedUpstreamOptions.SectionName))
            .PostConfigure<IOptions<BackendOptions>>((o, backends) =>
                o.RootCertificatePath ??= string.IsNullOrWhiteSpace(backends.Value.RootCertificateFile)
                    ? null
                    : LocalStatePaths.Resolve(backends.Value.RootCertificateFile))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SelfSignedUpstreamOptions>, SelfSignedUpstreamOptionsValidator>();
        // Every instance shares the root, the CA and the JWT keys through the configured state store.
        services.TryAddSingleton(sp => new SelfSignedUpstreamAuthority(
            sp.GetRequiredService<IOptions<SelfSignedUpstreamOptions>>(),
            sp.GetRequiredService<IOptions<AuthorityOptions>>(),
            sp.GetRequiredService<IKeyManager>(),
            sp.GetRequiredService<Bridge.Abstractions.State.IAuthorityStateStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SelfSignedUpstreamAuthority>>()));
        services.TryAddSingleton(BackendFactories.CreateUpstreamAuthority);
        services.TryAddSingleton<X509CaRotator>();

        services.AddBridgeAttestors(configuration);

        services.TryAddSingleton(sp =>
        {
            var authority = sp.GetRequiredService<IOptions<AuthorityOptions>>().Value;
            return new RegistrationEntryValidator(new RegistrationEntryValidatorOptions
            {
                TrustDomain = TrustDomain.Parse(authority.TrustDomain),
                MaxJwtSvidTtl = authority.MaxJwtSvidTtl,
            });
        });
        services.TryAddSingleton<JwtKeyRotator>();
        services.TryAddSingleton<JwtKeyRing>();
        services.TryAddSingleton(sp => new JwtSvidIssuer(
            sp.GetRequiredService<JwtKeyRing>(), sp.GetRequiredService<IOptions<AuthorityOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new X509CertificateAuthority(
            sp.GetRequiredService<IOptions<AuthorityOptions>>(),
            sp.GetRequiredService<X509CaRotator>(),
            sp.GetRequiredService<IKeyManager>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<X509CertificateAuthority>>()));
        services.TryAddSingleton<X509SvidIssuer>();
        services.TryAddSingleton<TrustBundleProvider>();
        services.TryAddSingleton<ExchangeService>();
        services.AddBridgeAgentApi(configuration);

        services.AddSingleton<ILambdaEventHandler, RotationEventHandler>();
        services.AddSingleton<TokenResponseWriter>();
        services.AddSingleton<AuthorityInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<AuthorityInitializer>());
        return services;
    }

    /// <summary>
    /// Registers the agent API (attestation, proof-of-possession authentication, renewal, authorized entries and SVID
    /// minting). The node store and the node
    /// attestors come from their own registrations; the services are built on first use, so a host without a node store
    /// still starts and serves <c>/token</c>.
    /// </summary>
    private static void AddBridgeAgentApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgentOptions>().Bind(configuration.GetSection(AgentOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
        services.TryAddSingleton<AgentEntryAuthorizer>();
        services.TryAddSingleton<AgentSvidService>();
        services.TryAddSingleton(sp => new NodeAttestorRegistry(sp.GetServices<Bridge.Abstractions.Nodes.INodeAttestor>()));
        services.TryAddSingleton(sp => new AgentIdentityService(
            sp.GetRequiredService<NodeAttestorRegistry>(),
            sp.GetRequiredService<Bridge.Abstractions.Nodes.INodeStore>(),
            sp.GetRequiredService<X509SvidIssuer>(),
            sp.GetRequiredService<X509CertificateAuthority>(),
            sp.GetRequiredService<AttestorRegistry>(),
            sp.GetRequiredService<IReplayCache>(),
            sp.GetRequiredService<IOptions<AuthorityOptions>>(),
            sp.GetRequiredService<IOptions<AgentOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AgentIdentityService>>()));
        services.TryAddSingleton<IAgentAuthenticator>(sp => new AgentAssertionAuthenticator(
            sp.GetRequiredService<TrustBundleProvider>(),
            sp.GetRequiredService<Bridge.Abstractions.Nodes.INodeStore>(),
            sp.GetRequiredService<IReplayCache>(),
            sp.GetRequiredService<IOptions<AuthorityOptions>>(),
            sp.GetRequiredService<IOptions<AgentOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AgentAssertionAuthenticator>>()));
    }
}
