using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Authority.Hosting;

/// <summary>
/// What <c>AddBridgeAuthority()</c> returns: backend projects add their backends to it (<c>AddLocalBackends()</c>,
/// <c>AddAwsBackends()</c>), each registering its options, their validation and a factory per seam it serves.
/// <c>Bridge:Backends</c> chooses among the registered backends when the service starts.
/// </summary>
public sealed class BridgeAuthorityBuilder
{
    internal BridgeAuthorityBuilder(IServiceCollection services) => Services = services;

    /// <summary>The services being composed.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Offers backend <paramref name="descriptor"/> for seam <typeparamref name="TSeam"/>; <paramref name="factory"/>
    /// runs once, and only when <c>Bridge:Backends</c> chooses it.
    /// </summary>
    /// <exception cref="ArgumentException">The descriptor names another seam, or a backend of that name is already registered.</exception>
    public BridgeAuthorityBuilder AddBackend<TSeam>(BackendDescriptor descriptor, Func<IServiceProvider, TSeam> factory)
        where TSeam : class
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(factory);
        if (BackendSeams.Of(typeof(TSeam)) != descriptor.Seam)
        {
            throw new ArgumentException($"Backend {descriptor.Name} describes seam {descriptor.Seam}, not {typeof(TSeam).Name}.", nameof(descriptor));
        }

        if (Services.Any(s => s.ImplementationInstance is BackendDescriptor d && d.Seam == descriptor.Seam && d.Name == descriptor.Name))
        {
            throw new ArgumentException($"A {descriptor.Seam} backend named {descriptor.Name} is already registered.", nameof(descriptor));
        }

        Services.AddSingleton(descriptor);
        Services.AddKeyedSingleton<TSeam>(descriptor.Name, (services, _) => factory(services));
        return this;
    }
}
