using System.Net.Security;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;
using Bridge.Spiffe.Tls;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Bridge.Client.AspNetCore;

/// <summary>Kestrel endpoints that speak mutual TLS with X.509-SVIDs.</summary>
public static class BridgeMtlsListenOptionsExtensions
{
    /// <summary>
    /// Serves this endpoint over mutual TLS: every handshake presents <paramref name="source"/>'s current SVID (so a
    /// rotation needs no restart), requires a client certificate, verifies it against the source's current SPIFFE
    /// bundle only (never the system store) and refuses the handshake unless <paramref name="authorizePeer"/> accepts
    /// the client's SPIFFE ID. The app reads that ID with <see cref="SpiffePeerHttpContextExtensions.GetPeerSpiffeId"/>.
    /// </summary>
    /// <param name="listenOptions">The endpoint.</param>
    /// <param name="source">This server's rotating SVID and bundle.</param>
    /// <param name="authorizePeer">Which client SPIFFE IDs may connect, such as <see cref="SpiffeIdMatcher.Exact"/>.</param>
    /// <param name="timeProvider">The clock for chain validity (default the system clock).</param>
    public static ListenOptions UseBridgeMtls(
        this ListenOptions listenOptions, IX509SvidSource source, Func<SpiffeId, bool> authorizePeer, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(authorizePeer);
        var time = timeProvider ?? TimeProvider.System;
        var protocols = ApplicationProtocols(listenOptions.Protocols);
        return listenOptions.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = async context =>
            {
                var peer = new SpiffePeerFeature();
                context.Connection.Features.Set<ISpiffePeerFeature>(peer);
                var options = await SpiffeTls.CreateServerOptionsAsync(source, authorizePeer, time, context.CancellationToken).ConfigureAwait(false);
                options.ApplicationProtocols = protocols;
                options.RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                {
                    var id = SpiffeTls.VerifyPeer(certificate, chain, source, authorizePeer, time);
                    peer.PeerId = id;
                    return !id.IsZero;
                };
                return options;
            },
        });
    }

    private static List<SslApplicationProtocol> ApplicationProtocols(HttpProtocols protocols) => protocols switch
    {
        HttpProtocols.Http1 => [SslApplicationProtocol.Http11],
        HttpProtocols.Http2 => [SslApplicationProtocol.Http2],
        _ => [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
    };
}
