using Bridge.Client.Evidence;
using Bridge.Client.Exchange;
using Bridge.Client.Sources;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.Jwt;
using Bridge.Spiffe.Svid.X509;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Client.DependencyInjection;

/// <summary>Registers the Bridge client.</summary>
public static class BridgeClientServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> that talks to Bridge (configure its primary handler to customise transport).</summary>
    public const string HttpClientName = "Bridge.Client";

    /// <summary>
    /// Registers validated <see cref="BridgeClientOptions"/> (checked at start), <see cref="BridgeExchangeClient"/>
    /// (typed HTTP client), a singleton <see cref="X509SvidSource"/> and an <see cref="IJwtSvidSourceFactory"/> (one
    /// cached source per audience set). The same sources are registered as <see cref="IX509SvidSource"/> and
    /// <see cref="IJwtSvidSource"/> (<see cref="ExchangeJwtSvidSource"/>) unless those are already registered.
    /// Register keyed sources with <see cref="AddBridgeJwtSvidSource"/>.
    /// </summary>
    public static IHttpClientBuilder AddBridgeClient(this IServiceCollection services, Action<BridgeClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<BridgeClientOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BridgeClientOptions>, BridgeClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISubjectTokenProvider>(sp =>
            sp.GetRequiredService<IOptions<BridgeClientOptions>>().Value.SubjectTokenProvider
            ?? throw new InvalidOperationException("BridgeClientOptions.SubjectTokenProvider is not set."));
        services.TryAddSingleton<IJwtSvidSourceFactory, JwtSvidSourceFactory>();
        services.TryAddSingleton(sp => new X509SvidSource(
            sp.GetRequiredService<BridgeExchangeClient>(),
            sp.GetRequiredService<TimeProvider>(),
            refreshRetryInterval: sp.GetRequiredService<IOptions<BridgeClientOptions>>().Value.RefreshRetryInterval,
            logger: sp.GetService<ILogger<X509SvidSource>>()));
        services.TryAddSingleton<IX509SvidSource>(sp => sp.GetRequiredService<X509SvidSource>());
        services.TryAddSingleton<IJwtSvidSource, ExchangeJwtSvidSource>();
        return services
            .AddHttpClient(HttpClientName, (sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<BridgeClientOptions>>().Value.BaseAddress)
            .AddTypedClient((http, sp) => new BridgeExchangeClient(
                http,
                sp.GetRequiredService<ISubjectTokenProvider>(),
                sp.GetRequiredService<IOptions<BridgeClientOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<BridgeExchangeClient>>()));
    }

    /// <summary>
    /// Registers a <see cref="JwtSvidSource"/> for <paramref name="audience"/> as a keyed singleton (key: the audience),
    /// resolved with <c>[FromKeyedServices("sts.amazonaws.com")] JwtSvidSource</c> or
    /// <c>GetRequiredKeyedService&lt;JwtSvidSource&gt;(audience)</c>. It is the same source the
    /// <see cref="IJwtSvidSourceFactory"/> gives for that audience set, so it has one cache and one in-flight exchange.
    /// Its <see cref="JwtSvidSourceOptions"/> (named after the audience) are validated at start.
    /// </summary>
    /// <param name="services">The services; <see cref="AddBridgeClient"/> must be called too (in any order).</param>
    /// <param name="audience">The audience, and the service key.</param>
    /// <param name="configure">Adds audiences, a SPIFFE ID or a lifetime bound.</param>
    public static IServiceCollection AddBridgeJwtSvidSource(this IServiceCollection services, string audience, Action<JwtSvidSourceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        services.AddOptions<JwtSvidSourceOptions>(audience)
            .Configure(o =>
            {
                o.Audiences.Add(audience);
                configure?.Invoke(o);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JwtSvidSourceOptions>, JwtSvidSourceOptionsValidator>());
        services.TryAddSingleton<IJwtSvidSourceFactory, JwtSvidSourceFactory>();
        services.AddKeyedSingleton(audience, static (sp, key) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<JwtSvidSourceOptions>>().Get((string)key!);
            return sp.GetRequiredService<IJwtSvidSourceFactory>().GetSource(
                options.Audiences, options.SpiffeId is null ? null : SpiffeId.Parse(options.SpiffeId), options.Ttl);
        });
        return services;
    }
}
