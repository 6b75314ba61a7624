using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Registration;
using Bridge.Abstractions.Replay;
using Bridge.Abstractions.State;
using Bridge.Abstractions.Upstream;
using Bridge.Authority;
using Bridge.Authority.Agents;
using Bridge.Authority.Bundles;
using Bridge.Authority.Ca;
using Bridge.Authority.Ca.Rotation;
using Bridge.Authority.Exchange;
using Bridge.Authority.Files;
using Bridge.Authority.Hosting;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Registration;
using Bridge.Authority.Rotation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The authority's composition: its options, issuers, rotation and the seams its backends serve.</summary>
public static class BridgeAuthorityServiceCollectionExtensions
{
    /// <summary>
    /// Registers the authority, its options bound from the <c>Bridge:</c> settings (<see cref="IConfiguration"/> from the
    /// container) and validated at start, and one registration per seam that resolves the backend
    /// <c>Bridge:Backends</c> chooses. Add backends to the returned builder (<c>AddLocalBackends()</c>,
    /// <c>AddAwsBackends()</c>); the built-in upstream, <c>SelfSigned</c>, is registered here. Attestors register
    /// <see cref="IAttestor"/> and <see cref="INodeAttestor"/> on their own.
    /// </summary>
    public static BridgeAuthorityBuilder AddBridgeAuthority(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<AuthorityOptions>().BindConfiguration(AuthorityOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthorityOptions>, AuthorityOptionsValidator>());
        services.AddOptions<BackendOptions>().BindConfiguration(BackendOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BackendOptions>, BackendSelectionValidator>());
        services.AddOptions<JwtKeyRotationOptions>().BindConfiguration(JwtKeyRotationOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JwtKeyRotationOptions>, JwtKeyRotationOptionsValidator>());
        services.TryAddSingleton<BackendCatalog>();
        services.AddSettingsSection(AuthorityOptions.SectionName, typeof(AuthorityOptions))
            .AddSettingsSection(BackendOptions.SectionName, typeof(BackendOptions))
            .AddSettingsSection(JwtKeyRotationOptions.SectionName, typeof(JwtKeyRotationOptions));

        // One registration per seam: the backend the settings choose, resolved when the service is first used (during
        // start), so every configuration source decides it, even one a test host adds after this call.
        services.TryAddSingleton(BackendCatalog.Resolve<IKeyManager>);
        services.TryAddSingleton(BackendCatalog.Resolve<IRegistrationStore>);
        services.TryAddSingleton(BackendCatalog.Resolve<IReplayCache>);
        services.TryAddSingleton(BackendCatalog.Resolve<IAuthorityStateStore>);
        services.TryAddSingleton(BackendCatalog.Resolve<INodeStore>);
        services.TryAddSingleton(BackendCatalog.Resolve<IUpstreamAuthority>);

        var builder = new BridgeAuthorityBuilder(services);
        builder.AddSelfSignedUpstream();
        services.AddIssuance();
        services.AddAgentApi();
        return builder;
    }

    // The upstream Bridge needs no account for: a root it makes and rotates itself in the shared rotation state.
    private static void AddSelfSignedUpstream(this BridgeAuthorityBuilder builder)
    {
        builder.Services.AddOptions<SelfSignedUpstreamOptions>()
            .BindConfiguration(SelfSignedUpstreamOptions.SectionName)
            .PostConfigure<IOptions<BackendOptions>>((o, backends) =>
                o.RootCertificatePath ??= string.IsNullOrWhiteSpace(backends.Value.RootCertificateFile)
                    ? null
                    : LocalStatePaths.Resolve(backends.Value.RootCertificateFile))
            .ValidateOnStart();
        builder.Services.AddSettingsSection(SelfSignedUpstreamOptions.SectionName, typeof(SelfSignedUpstreamOptions));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SelfSignedUpstreamOptions>, SelfSignedUpstreamOptionsValidator>());
        builder.Services.TryAddSingleton(sp => new SelfSignedUpstreamAuthority(
            sp.GetRequiredService<IOptions<SelfSignedUpstreamOptions>>(),
            sp.GetRequiredService<IOptions<AuthorityOptions>>(),
            sp.GetRequiredService<IKeyManager>(),
            sp.GetRequiredService<IAuthorityStateStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SelfSignedUpstreamAuthority>>()));
        builder.AddBackend<IUpstreamAuthority>(
            new BackendDescriptor(BackendSeams.Upstream, SelfSignedUpstreamAuthority.BackendName)
            {
                Location = (_, backends) => string.IsNullOrWhiteSpace(backends.RootCertificateFile)
                    ? "a root kept in the rotation state"
                    : $"a root kept in the rotation state, exported to {LocalStatePaths.FullPath(backends.RootCertificateFile)}",
            },
            sp => sp.GetRequiredService<SelfSignedUpstreamAuthority>());
    }

    private static void AddIssuance(this IServiceCollection services)
    {
        // Every instance shares the root, the CA and the JWT keys through the chosen state store.
        services.TryAddSingleton<X509CaRotator>();
        services.TryAddSingleton(sp => new AttestorRegistry(sp.GetServices<IAttestor>()));
        services.TryAddSingleton(sp => RegistrationEntryValidator.For(sp.GetRequiredService<IOptions<AuthorityOptions>>().Value));
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
    }

    // The agent API (attestation, proof-of-possession authentication, renewal, authorized entries and SVID minting).
    // Built on first use, so a host whose node attestors are all off still starts and serves /token.
    private static void AddAgentApi(this IServiceCollection services)
    {
        services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.SectionName).ValidateOnStart();
        services.AddSettingsSection(AgentOptions.SectionName, typeof(AgentOptions));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>());
        services.TryAddSingleton<AgentEntryAuthorizer>();
        services.TryAddSingleton<AgentSvidService>();
        services.TryAddSingleton(sp => new NodeAttestorRegistry(sp.GetServices<INodeAttestor>()));
        services.TryAddSingleton(sp => new AgentIdentityService(
            sp.GetRequiredService<NodeAttestorRegistry>(),
            sp.GetRequiredService<INodeStore>(),
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
            sp.GetRequiredService<INodeStore>(),
            sp.GetRequiredService<IReplayCache>(),
            sp.GetRequiredService<IOptions<AuthorityOptions>>(),
            sp.GetRequiredService<IOptions<AgentOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AgentAssertionAuthenticator>>()));
    }
}
