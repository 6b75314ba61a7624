using Bridge.Abstractions.Nodes;
using Bridge.Attestors.AwsIid;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>aws_iid</c> node attestor.</summary>
public static class AwsIidNodeAttestorServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AwsIidAttestorOptions"/> (validated on start), <see cref="AwsIidNodeAttestor"/> as an
    /// <see cref="INodeAttestor"/>, the embedded AWS certificate table and the default AWS clients. A
    /// <see cref="AwsIidCertificateTable"/> or <see cref="AwsIidAwsClients"/> registered before this call wins: that is
    /// how test hosts trust a test CA and reach fake AWS endpoints (code only; no setting can). Binding the options from
    /// configuration is the caller's job, and so is calling this only when the attestor is enabled.
    /// </summary>
    public static IServiceCollection AddAwsIidNodeAttestor(this IServiceCollection services, Action<AwsIidAttestorOptions>? configure = null)
    {
        services.AddAttestorOptions(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AwsIidAttestorOptions>, AwsIidAttestorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => AwsIidCertificateTable.Embedded);
        services.TryAddSingleton(_ => AwsIidAwsClients.CreateDefault());
        services.TryAddSingleton(sp => new AwsIidNodeAttestor(
            sp.GetRequiredService<IOptions<AwsIidAttestorOptions>>(),
            sp.GetRequiredService<AwsIidCertificateTable>(),
            sp.GetRequiredService<AwsIidAwsClients>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AwsIidNodeAttestor>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INodeAttestor, AwsIidNodeAttestor>(sp => sp.GetRequiredService<AwsIidNodeAttestor>()));
        return services;
    }
}
