using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Replay;
using Bridge.Attestors.AwsSts;
using Bridge.Attestors.Oidc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>aws_sts</c> node attestor.</summary>
public static class AwsStsNodeAttestorServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AwsStsNodeAttestorOptions"/> (validated on start, including that an OIDC issuer of the
    /// <c>AwsSts</c> profile is configured) and <see cref="AwsStsNodeAttestor"/> as an <see cref="INodeAttestor"/>, over
    /// the <see cref="OidcJwtAttestor"/> and the <see cref="IReplayCache"/> registered elsewhere. Binding the options from
    /// configuration is the caller's job, and so is calling this only when the attestor is enabled.
    /// </summary>
    public static IServiceCollection AddAwsStsNodeAttestor(this IServiceCollection services, Action<AwsStsNodeAttestorOptions>? configure = null)
    {
        services.AddAttestorOptions(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AwsStsNodeAttestorOptions>, AwsStsNodeAttestorOptionsValidator>(
            sp => new AwsStsNodeAttestorOptionsValidator(sp.GetRequiredService<IOptions<OidcAttestorOptions>>())));
        services.TryAddSingleton(sp => new AwsStsNodeAttestor(
            sp.GetRequiredService<OidcJwtAttestor>(),
            sp.GetRequiredService<IReplayCache>(),
            sp.GetRequiredService<IOptions<AwsStsNodeAttestorOptions>>(),
            sp.GetRequiredService<ILogger<AwsStsNodeAttestor>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INodeAttestor, AwsStsNodeAttestor>(sp => sp.GetRequiredService<AwsStsNodeAttestor>()));
        return services;
    }
}
