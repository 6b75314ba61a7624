using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bridge.Spiffe.Bundle.X509;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;

namespace Bridge.Cli.Demo;

/// <summary>
/// A real TLS 1.3 handshake on loopback between two SVID holders. Each side validates the peer's chain against the
/// SPIFFE bundle (never the system store) and authorizes the peer's SPIFFE ID: identity, not network position.
/// </summary>
internal static class MutualTlsCheck
{
    private const string Greeting = "hello over mTLS";

    /// <summary>Why a side refused its peer.</summary>
    internal enum Refusal
    {
        None,
        NoSvid,
        InvalidSvid,
        WrongSvid,
    }

    /// <summary>The result: whether the application message got through, what each side saw, and why the server refused the client.</summary>
    internal sealed record Outcome(bool Connected, string ServerSaw, string ClientSaw, Refusal ServerRefusal);

    /// <summary>How a refusal reads in the demo's summary.</summary>
    public static string Describe(Refusal refusal) => refusal switch
    {
        Refusal.NoSvid => "no SVID",
        Refusal.InvalidSvid => "invalid SVID",
        Refusal.WrongSvid => "wrong SVID",
        _ => string.Empty,
    };

    public static async Task<Outcome> RunAsync(
        SvidCredential server, SvidCredential? client, IX509BundleSource bundles, SpiffeId expectedClient, SpiffeId expectedServer, TimeProvider time)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serverSaw = "no client";
        var clientSaw = "no server";
        var serverRefusal = Refusal.None;

        var serverTask = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync().ConfigureAwait(false);
            await using var tls = new SslStream(socket.GetStream());
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = server.CreateContext(),
                    ClientCertificateRequired = true,
                    EnabledSslProtocols = SslProtocols.Tls13,
                    RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                        Authorize(certificate, chain, bundles, expectedClient, time, out serverSaw, out serverRefusal),
                }).ConfigureAwait(false);
                await tls.WriteAsync(Encoding.UTF8.GetBytes(Greeting)).ConfigureAwait(false);
                await tls.FlushAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException)
            {
                // The handshake was refused; what the server saw is already recorded.
            }
        });

        var connected = false;
        try
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
            await using var tls = new SslStream(socket.GetStream());
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ClientCertificateContext = client?.CreateContext(),
                EnabledSslProtocols = SslProtocols.Tls13,
                RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                    Authorize(certificate, chain, bundles, expectedServer, time, out clientSaw, out _),
            }).ConfigureAwait(false);

            // In TLS 1.3 the client finishes its side before the server judges the client certificate, so success
            // means the server's application data actually arrived.
            var buffer = new byte[64];
            var read = await tls.ReadAsync(buffer).ConfigureAwait(false);
            connected = Encoding.UTF8.GetString(buffer, 0, read) == Greeting;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            connected = false;
        }

        await serverTask.ConfigureAwait(false);
        return new Outcome(connected, serverSaw, clientSaw, serverRefusal);
    }

    private static bool Authorize(
        X509Certificate? certificate, X509Chain? chain, IX509BundleSource bundles, SpiffeId expected, TimeProvider time, out string saw, out Refusal refusal)
    {
        if (certificate is null)
        {
            saw = "peer presented no certificate";
            refusal = Refusal.NoSvid;
            return false;
        }

        // The peer's own chain (leaf + the intermediates it sent) is verified against the bundle, not the OS store.
        var presented = new List<X509Certificate2> { X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) };
        if (chain is not null)
        {
            presented.AddRange(chain.ChainPolicy.ExtraStore.Where(c => !c.RawDataMemory.Span.SequenceEqual(presented[0].RawDataMemory.Span)));
        }

        var result = X509SvidVerifier.Verify(presented, bundles, time.GetUtcNow());
        if (!result.IsValid)
        {
            saw = "rejected: " + result.Error;
            refusal = Refusal.InvalidSvid;
            return false;
        }

        saw = result.Id.ToString();
        refusal = result.Id == expected ? Refusal.None : Refusal.WrongSvid;
        return refusal == Refusal.None;
    }
}
