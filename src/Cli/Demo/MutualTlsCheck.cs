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

    /// <summary>The result: whether the application message got through, and what each side saw.</summary>
    internal sealed record Outcome(bool Connected, string ServerSaw, string ClientSaw);

    public static async Task<Outcome> RunAsync(
        SvidCredential server, SvidCredential? client, IX509BundleSource bundles, SpiffeId expectedClient, SpiffeId expectedServer, TimeProvider time)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serverSaw = "no client";
        var clientSaw = "no server";

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
                        Authorize(certificate, chain, bundles, expectedClient, time, out serverSaw),
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
                    Authorize(certificate, chain, bundles, expectedServer, time, out clientSaw),
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
        return new Outcome(connected, serverSaw, clientSaw);
    }

    private static bool Authorize(
        X509Certificate? certificate, X509Chain? chain, IX509BundleSource bundles, SpiffeId expected, TimeProvider time, out string saw)
    {
        if (certificate is null)
        {
            saw = "peer presented no certificate";
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
            return false;
        }

        saw = result.Id.ToString();
        return result.Id == expected;
    }
}
