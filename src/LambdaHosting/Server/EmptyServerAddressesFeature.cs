using System.Collections.ObjectModel;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Bridge.LambdaHosting.Server;

/// <summary>
/// The Lambda server listens on no address. A read-only empty list keeps the host from copying <c>Urls</c> from
/// configuration into it and logging a misleading "Now listening on".
/// </summary>
internal sealed class EmptyServerAddressesFeature : IServerAddressesFeature
{
    /// <inheritdoc/>
    public ICollection<string> Addresses { get; } = ReadOnlyCollection<string>.Empty;

    /// <inheritdoc/>
    public bool PreferHostingUrls { get; set; }
}
