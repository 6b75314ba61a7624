using Bridge.Attestors.AwsIid;
using Bridge.Attestors.AwsSts;
using Bridge.Attestors.Oidc;
using Bridge.Authority.Exchange;
using Bridge.Authority.Hosting;
using Bridge.ExchangeFunction.Endpoints;
using Bridge.ExchangeFunction.Hosting;
using Bridge.LambdaHosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

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

        services.AddSettingsSection(OidcAttestorOptions.SectionName, typeof(OidcAttestorOptions))
            .AddSettingsSection($"{OidcAttestorOptions.SectionName}:{nameof(OidcAttestorOptions.Issuers)}", typeof(OidcIssuerOptions), isList: true)
            .AddSettingsSection(AwsIidAttestorOptions.SectionName, typeof(AwsIidAttestorOptions))
            .AddSettingsSection(AwsStsNodeAttestorOptions.SectionName, typeof(AwsStsNodeAttestorOptions));

        // An attestor runs only for issuers that are configured: with none, the service still serves discovery and
        // the bundle, and every exchange is refused.
        var oidc = configuration.GetSection(OidcAttestorOptions.SectionName);
        if (oidc.GetSection(nameof(OidcAttestorOptions.Issuers)).GetChildren().Any())
        {
            services.AddOidcJwtAttestor(options => oidc.Bind(options));
        }

        // The registry over them: the service's authority registers the same one (whichever comes first is kept).
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

    /// <summary>
    /// The authority as the settings describe it: every built-in backend (local and AWS) for <c>Bridge:Backends</c> to
    /// choose from, and the attestors the settings enable. The service and the <c>bridge</c> command both compose the
    /// authority through here, so they act on the same backends and refuse the same settings.
    /// </summary>
    public static BridgeAuthorityBuilder AddBridgeAuthority(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // Options bind from the container's configuration; a host (WebApplication) has registered it already.
        services.TryAddSingleton(configuration);
        var authority = services.AddBridgeAuthority().AddLocalBackends().AddAwsBackends();
        services.AddBridgeAttestors(configuration);
        return authority;
    }

    /// <summary>Registers everything <c>POST /token</c> and the discovery endpoints need, from configuration.</summary>
    public static IServiceCollection AddBridgeExchange(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBridgeAuthority(configuration);
        services.AddOptions<ExchangeFunctionOptions>().Bind(configuration.GetSection(ExchangeFunctionOptions.SectionName));
        services.AddSettingsSection(ExchangeFunctionOptions.SectionName, typeof(ExchangeFunctionOptions));
        services.AddSingleton<ILambdaEventHandler, RotationEventHandler>();
        services.AddSingleton<TokenResponseWriter>();
        services.AddSingleton<AuthorityInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<AuthorityInitializer>());
        return services;
    }
}
