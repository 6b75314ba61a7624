using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Client.Tests.TestSupport;

/// <summary>One real TLS handshake on loopback between a server options selector and client options; what each side saw.</summary>
public static class LoopbackHandshake
{
    public static async Task<Outcome> RunAsync(ServerOptionsSelectionCallback selector, Func<ValueTask<SslClientAuthenticationOptions>> clientOptions)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        string? clientThumbprint = null;
        var serverTask = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync();
            await using var tls = new SslStream(socket.GetStream());
            try
            {
                await tls.AuthenticateAsServerAsync(selector, null);
                clientThumbprint = (tls.RemoteCertificate as X509Certificate2 ?? new X509Certificate2(tls.RemoteCertificate!)).Thumbprint;
                await tls.WriteAsync(new byte[] { 1 });
                await tls.FlushAsync();
            }
            catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException)
            {
                // Refused: the client sees the connection fail.
            }
        });

        string? serverThumbprint = null;
        try
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync(IPAddress.Loopback, port);
            await using var tls = new SslStream(socket.GetStream());
            await tls.AuthenticateAsClientAsync(await clientOptions());
            var buffer = new byte[1];
            if (await tls.ReadAsync(buffer) == 1)
            {
                serverThumbprint = tls.RemoteCertificate!.GetCertHashString();
            }
        }
        catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException)
        {
            serverThumbprint = null;
        }

        await serverTask;
        return new Outcome(serverThumbprint, clientThumbprint);
    }

    /// <summary>The thumbprints each side received; null where the handshake was refused.</summary>
    public sealed record Outcome(string? ServerThumbprint, string? ClientThumbprint);
}
