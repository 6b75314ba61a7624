namespace Bridge.ExchangeFunction.Hosting.Telemetry;

/// <summary>Wraps a service already registered by a factory or as an instance, without knowing how it was built.</summary>
internal static class SingletonDecoration
{
    /// <summary>
    /// Replaces the last registration of <typeparamref name="TService"/> with one that passes what it built through
    /// <paramref name="decorate"/>. A registration by implementation type, or none, is left as it is.
    /// </summary>
    public static void Decorate<TService>(this IServiceCollection services, Func<TService, IServiceProvider, TService> decorate)
        where TService : class
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var original = services[i];
            if (original.ServiceType != typeof(TService) || original.IsKeyedService)
            {
                continue;
            }

            var create = original.ImplementationFactory
                ?? (original.ImplementationInstance is { } instance ? _ => instance : null);
            if (create is not null)
            {
                services[i] = new ServiceDescriptor(typeof(TService), sp => decorate((TService)create(sp), sp), original.Lifetime);
            }

            return;
        }
    }
}
