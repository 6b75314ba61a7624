using Bridge.Abstractions.Keys;
using Bridge.Attestors.Oidc;
using Bridge.Abstractions.Registration;
using Bridge.Abstractions.Replay;
using Bridge.Abstractions.Upstream;
using Bridge.Authority;
using Bridge.Authority.Bundles;
using Bridge.Authority.Ca;
using Bridge.Authority.Exchange;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Keys;
using Bridge.Authority.Registration;
using Bridge.Authority.Replay;
using Bridge.ExchangeFunction.Endpoints;
using Bridge.ExchangeFunction.Hosting;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The composition of the exchange service: options, backends, attestors, issuers and the HTTP edge.</summary>
public static class BridgeExchangeServiceCollectionExtensions
{
    /// <summary>Registers everything <c>POST /token</c> and the discovery endpoints need, from configuration.</summary>
    public static IServiceCollection AddBridgeExchange(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<AuthorityOptions>().Bind(configuration.GetSection(AuthorityOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthorityOptions>, AuthorityOptionsValidator>();
        services.AddOptions<BackendOptions>().Bind(configuration.GetSection(BackendOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BackendOptions>, BackendOptionsValidator>();
        services.AddOptions<ExchangeFunctionOptions>().Bind(configuration.GetSection(ExchangeFunctionOptions.SectionName));

        var backends = configuration.GetSection(BackendOptions.SectionName).Get<BackendOptions>() ?? new BackendOptions();
        AddKeyManager(services, backends);
        AddRegistrationStore(services, backends);
        services.TryAddSingleton<IReplayCache, InMemoryReplayCache>();
        services.AddOptions<SelfSignedUpstreamOptions>()
            .Bind(configuration.GetSection(SelfSignedUpstreamOptions.SectionName))
            .PostConfigure<IHostEnvironment>((o, environment) =>
                o.RootCertificatePath ??= NullIfEmpty(backends.RootCertificateFile) is { } path ? LocalStatePath(environment, path) : null)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SelfSignedUpstreamOptions>, SelfSignedUpstreamOptionsValidator>();
        services.TryAddSingleton<SelfSignedUpstreamAuthority>();
        services.TryAddSingleton<IUpstreamAuthority>(sp => sp.GetRequiredService<SelfSignedUpstreamAuthority>());

        // An attestor runs only for issuers that are configured: with none, the service still serves discovery and
        // the bundle, and every exchange is refused.
        var oidc = configuration.GetSection(OidcAttestorOptions.SectionName);
        if (oidc.GetSection(nameof(OidcAttestorOptions.Issuers)).GetChildren().Any())
        {
            services.AddOidcJwtAttestor(options => oidc.Bind(options));
        }

        services.TryAddSingleton(sp =>
        {
            var authority = sp.GetRequiredService<IOptions<AuthorityOptions>>().Value;
            return new RegistrationEntryValidator(new RegistrationEntryValidatorOptions
            {
                TrustDomain = TrustDomain.Parse(authority.TrustDomain),
                MaxJwtSvidTtl = authority.MaxJwtSvidTtl,
            });
        });
        services.TryAddSingleton<JwtSvidIssuer>();
        services.TryAddSingleton<X509CertificateAuthority>();
        services.TryAddSingleton<X509SvidIssuer>();
        services.TryAddSingleton<TrustBundleProvider>();
        services.TryAddSingleton(sp => new AttestorRegistry(sp.GetServices<Bridge.Abstractions.Attestation.IAttestor>()));
        services.TryAddSingleton<ExchangeService>();

        services.AddSingleton<TokenResponseWriter>();
        services.AddSingleton<AuthorityInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<AuthorityInitializer>());
        return services;
    }

    private static void AddKeyManager(IServiceCollection services, BackendOptions backends)
    {
        if (backends.Keys == BackendOptionsValidator.InMemory)
        {
            services.TryAddSingleton<IKeyManager, InMemoryKeyManager>();
        }
        else
        {
            services.TryAddSingleton<IKeyManager>(sp => new FileKeyManager(Options.Options.Create(new FileKeyManagerOptions
            {
                Directory = LocalStatePath(sp.GetRequiredService<IHostEnvironment>(), backends.KeysDirectory),
            })));
        }
    }

    private static void AddRegistrationStore(IServiceCollection services, BackendOptions backends)
    {
        if (backends.Registration == BackendOptionsValidator.InMemory)
        {
            services.TryAddSingleton<IRegistrationStore, InMemoryRegistrationStore>();
        }
        else
        {
            // Loading is file I/O done once, when the initializer first resolves the store during start; an invalid
            // file stops the process there with every error listed.
            services.TryAddSingleton<IRegistrationStore>(sp => JsonFileRegistrationStore.LoadAsync(
                new JsonFileRegistrationStoreOptions
                {
                    Path = LocalStatePath(sp.GetRequiredService<IHostEnvironment>(), backends.RegistrationFile),
                    AllowMissingFile = true,
                },
                sp.GetRequiredService<RegistrationEntryValidator>(),
                CancellationToken.None).GetAwaiter().GetResult());
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>
    /// Resolves a local-state path against the content root (not the working directory), and creates its folder
    /// owner-only, so the embedded defaults work on a fresh checkout.
    /// </summary>
    private static string LocalStatePath(IHostEnvironment environment, string path)
    {
        var full = Path.GetFullPath(path, environment.ContentRootPath);
        var directory = Path.HasExtension(full) ? Path.GetDirectoryName(full)! : full;
        CreateOwnerOnly(directory);
        return full;
    }

    private static void CreateOwnerOnly(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        // Each missing level is created owner-only: the state folder holds signing keys.
        CreateOwnerOnly(Path.GetDirectoryName(directory)!);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
