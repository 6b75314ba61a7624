using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Hosting;

/// <summary>The registered backends and the ones <c>Bridge:Backends</c> chooses: what the service logs at start and the CLI names.</summary>
public sealed class BackendCatalog(IEnumerable<BackendDescriptor> descriptors, IOptions<BackendOptions> options, IServiceProvider services)
{
    private readonly BackendDescriptor[] _descriptors = [.. descriptors];

    /// <summary>The names registered for <paramref name="seam"/>, in registration order.</summary>
    public IReadOnlyList<string> Names(string seam) => [.. _descriptors.Where(d => d.Seam == seam).Select(d => d.Name)];

    /// <summary>The chosen backend of <paramref name="seam"/>, or null when the choice names no registered backend.</summary>
    public BackendDescriptor? Chosen(string seam) => Find(_descriptors, seam, BackendSeams.Chosen(options.Value, seam));

    /// <summary>Where the chosen backend of <paramref name="seam"/> keeps its data.</summary>
    public string Location(string seam) =>
        Chosen(seam) is { } chosen
            ? chosen.Location?.Invoke(services, options.Value) ?? chosen.Name
            : BackendSeams.Chosen(options.Value, seam);

    internal static BackendDescriptor? Find(IEnumerable<BackendDescriptor> descriptors, string seam, string name) =>
        descriptors.FirstOrDefault(d => d.Seam == seam && string.Equals(d.Name, name, StringComparison.Ordinal));

    /// <summary>The chosen backend of <typeparamref name="TSeam"/>: the seam's registration in the composition.</summary>
    internal static TSeam Resolve<TSeam>(IServiceProvider services)
        where TSeam : notnull =>
        services.GetRequiredKeyedService<TSeam>(
            BackendSeams.Chosen(services.GetRequiredService<IOptions<BackendOptions>>().Value, BackendSeams.Of(typeof(TSeam))));
}
