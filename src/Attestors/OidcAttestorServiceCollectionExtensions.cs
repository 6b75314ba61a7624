using Bridge.Abstractions.Attestation;
using Bridge.Attestors.Oidc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the OIDC JWT attestor.</summary>
public static class OidcAttestorServiceCollectionExtensions
{
    /// <summary>How long one metadata or JWKS fetch may take.</summary>
    public static readonly TimeSpan MetadataFetchTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The largest metadata or JWKS document read.</summary>
    public const int MaxMetadataDocumentSize = 256 * 1024;

    /// <summary>
    /// Registers <see cref="OidcAttestorOptions"/> (validated on start), the named <see cref="HttpClient"/>
    /// <see cref="OidcJwtAttestor.HttpClientName"/> (no redirects, bounded time and size) and
    /// <see cref="OidcJwtAttestor"/> as an <see cref="IAttestor"/>. Binding the options from configuration is the
    /// caller's job.
    /// </summary>
    public static IServiceCollection AddOidcJwtAttestor(this IServiceCollection services, Action<OidcAttestorOptions>? configure = null)
    {
        services.AddAttestorOptions(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OidcAttestorOptions>, OidcAttestorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(OidcJwtAttestor.HttpClientName, client =>
            {
                client.Timeout = MetadataFetchTimeout;
                client.MaxResponseContentBufferSize = MaxMetadataDocumentSize;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // The issuer table is the only source of addresses: never follow a redirect elsewhere.
                AllowAutoRedirect = false,
                // The attestor is a singleton holding its client, so let connections (and DNS answers) age out.
                PooledConnectionLifetime = TimeSpan.FromMinutes(15),
            });
        services.TryAddSingleton(sp => new OidcJwtAttestor(
            sp.GetRequiredService<IOptions<OidcAttestorOptions>>(),
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<OidcJwtAttestor>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAttestor, OidcJwtAttestor>(sp => sp.GetRequiredService<OidcJwtAttestor>()));
        return services;
    }
}
