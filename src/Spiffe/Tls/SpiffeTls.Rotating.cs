using System.Net.Security;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;

namespace Bridge.Spiffe.Tls;

/// <summary>The rotation-aware helpers: every handshake uses the source's SVID of that moment.</summary>
public static partial class SpiffeTls
{
    /// <summary>
    /// Server options chosen per handshake, for
    /// <see cref="SslStream.AuthenticateAsServerAsync(ServerOptionsSelectionCallback, object?, CancellationToken)"/>:
    /// each connection presents the source's current SVID (awaiting it rotates it at half life) and checks the client
    /// against the source's current bundle.
    /// </summary>
    /// <param name="source">This side's rotating SVID and bundle.</param>
    /// <param name="authorizePeer">Which client SPIFFE IDs are acceptable.</param>
    /// <param name="timeProvider">The clock for chain validity.</param>
    public static ServerOptionsSelectionCallback CreateServerOptionsSelector(
        IX509SvidSource source, Func<SpiffeId, bool> authorizePeer, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(authorizePeer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        return async (_, _, _, cancellationToken) =>
            CreateServerOptions(await source.GetX509SvidAsync(cancellationToken).ConfigureAwait(false), source, authorizePeer, timeProvider);
    }

    /// <summary>
    /// Server options with the source's current SVID (fetched or rotated first if due) and its live bundle; use them
    /// for one connection.
    /// </summary>
    /// <exception cref="Exception">No valid SVID could be obtained (the source documents which exception).</exception>
    public static async ValueTask<SslServerAuthenticationOptions> CreateServerOptionsAsync(
        IX509SvidSource source, Func<SpiffeId, bool> authorizePeer, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var svid = await source.GetX509SvidAsync(cancellationToken).ConfigureAwait(false);
        return CreateServerOptions(svid, source, authorizePeer, timeProvider);
    }

    /// <summary>
    /// Client options with the source's current SVID (fetched or rotated first if due) and its live bundle; use them
    /// for one connection.
    /// </summary>
    /// <exception cref="Exception">No valid SVID could be obtained (the source documents which exception).</exception>
    public static async ValueTask<SslClientAuthenticationOptions> CreateClientOptionsAsync(
        IX509SvidSource source,
        Func<SpiffeId, bool> authorizePeer,
        TimeProvider timeProvider,
        string targetHost = "localhost",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var svid = await source.GetX509SvidAsync(cancellationToken).ConfigureAwait(false);
        return CreateClientOptions(svid, source, authorizePeer, timeProvider, targetHost);
    }

    /// <summary>
    /// An HTTP handler that presents the source's current SVID: when the source rotates, new requests go out on new
    /// connections with the new SVID, without rebuilding the <see cref="HttpClient"/>. Servers are checked against the
    /// source's current bundle.
    /// </summary>
    /// <param name="source">This side's rotating SVID and bundle.</param>
    /// <param name="authorizePeer">Which server SPIFFE IDs are acceptable.</param>
    /// <param name="timeProvider">The clock for chain validity.</param>
    /// <param name="connectionLifetime">How long a connection is reused (default 1 minute); bounds how long a peer goes unre-verified.</param>
    public static SpiffeHttpHandler CreateHttpHandler(
        IX509SvidSource source, Func<SpiffeId, bool> authorizePeer, TimeProvider timeProvider, TimeSpan? connectionLifetime = null) =>
        new(source, authorizePeer, timeProvider, connectionLifetime);

    /// <summary>Client options from a source's current SVID and bundle, as a snapshot for one connection.</summary>
    /// <exception cref="InvalidOperationException">The source has no valid SVID yet (await <see cref="IX509SvidSource.GetX509SvidAsync"/> first).</exception>
    public static SslClientAuthenticationOptions CreateClientOptions(
        IX509SvidSource source, Func<SpiffeId, bool> authorizePeer, TimeProvider timeProvider, string targetHost = "localhost") =>
        CreateClientOptions(CurrentOf(source), source, authorizePeer, timeProvider, targetHost);

    /// <summary>Server options from a source's current SVID and bundle, as a snapshot for one connection.</summary>
    /// <exception cref="InvalidOperationException">The source has no valid SVID yet.</exception>
    public static SslServerAuthenticationOptions CreateServerOptions(
        IX509SvidSource source, Func<SpiffeId, bool> authorizePeer, TimeProvider timeProvider) =>
        CreateServerOptions(CurrentOf(source), source, authorizePeer, timeProvider);

    private static X509Svid CurrentOf(IX509SvidSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Current ?? throw new InvalidOperationException("The source has no valid X.509-SVID yet; await GetX509SvidAsync first.");
    }
}
