using Bridge.Client.Evidence;
using Bridge.Client.Exchange;
using Bridge.Client.Sources;
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
    /// (typed HTTP client) and a singleton <see cref="X509SvidSource"/>. Create a <see cref="JwtSvidSource"/> per
    /// audience set from the exchange client.
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
        services.TryAddSingleton(sp => new X509SvidSource(
            sp.GetRequiredService<BridgeExchangeClient>(),
            sp.GetRequiredService<TimeProvider>(),
            refreshRetryInterval: sp.GetRequiredService<IOptions<BridgeClientOptions>>().Value.RefreshRetryInterval,
            logger: sp.GetService<ILogger<X509SvidSource>>()));
        return services
            .AddHttpClient(HttpClientName, (sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<BridgeClientOptions>>().Value.BaseAddress)
            .AddTypedClient((http, sp) => new BridgeExchangeClient(
                http,
                sp.GetRequiredService<ISubjectTokenProvider>(),
                sp.GetRequiredService<IOptions<BridgeClientOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<BridgeExchangeClient>>()));
    }
}
