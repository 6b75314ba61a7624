using System.Net.Sockets;
using System.Text;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.ExchangeFunction.Tests.Protocol;

/// <summary>
/// A client that stops sending its body is a client fault: 408 with the fixed OAuth body, and no error in the log.
/// Over a real Kestrel socket, since only Kestrel enforces the minimum data rate. The client never sends the rest, so
/// the outcome does not depend on timing; the small grace period only keeps the wait short.
/// </summary>
public sealed class StalledBodyTests(StalledBodyTests.KestrelBridgeFactory factory) : IClassFixture<StalledBodyTests.KestrelBridgeFactory>
{
    [Theory]
    [InlineData("")]
    [InlineData("grant_type=urn%3Aietf")]
    public async Task Token_BodyStalls_Answers408WithoutErrorLog(string sentPart)
    {
        var address = factory.Address;
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port, TestContext.Current.CancellationToken);
        var stream = client.GetStream();
        var head = "POST /token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: 4096\r\n\r\n" + sentPart;
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), TestContext.Current.CancellationToken);

        var response = await ReadResponseAsync(stream);

        Assert.StartsWith("HTTP/1.1 408 ", response, StringComparison.Ordinal);
        Assert.Contains("no-store", response, StringComparison.Ordinal);
        Assert.Contains("""{"error":"invalid_request","error_description":"The request body was not received in time."}""", response, StringComparison.Ordinal);
        Assert.DoesNotContain(factory.Logs.Logs, l => l.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Token_ClientClosesMidBody_IsNotLoggedAsAnError()
    {
        var address = factory.Address;
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port, TestContext.Current.CancellationToken);
        var stream = client.GetStream();
        var head = "POST /token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: 4096\r\n\r\ngrant_type=urn%3Aietf";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), TestContext.Current.CancellationToken);

        // The client closes its sending side: Kestrel treats that as a disconnect and drops the connection.
        client.Client.Shutdown(SocketShutdown.Send);
        var response = await ReadResponseAsync(stream);

        Assert.True(response.Length == 0 || response.StartsWith("HTTP/1.1 400 ", StringComparison.Ordinal), response);
        Assert.DoesNotContain(factory.Logs.Logs, l => l.Level >= LogLevel.Error);
    }

    /// <summary>Reads the status line, headers and a Content-Length body (the server closes or completes it).</summary>
    private static async Task<string> ReadResponseAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);
            }
            catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
            {
                // Dropping the connection of a client that went away may reach us as a reset rather than a close.
                break;
            }

            if (read == 0)
            {
                break;
            }

            received.AddRange(buffer.AsSpan(0, read));
            var text = Encoding.ASCII.GetString([.. received]);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0 && ContentLength(text[..end]) is { } length && received.Count >= end + 4 + length)
            {
                break;
            }
        }

        return Encoding.ASCII.GetString([.. received]);
    }

    private static int? ContentLength(string head) =>
        head.Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => (int?)int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();

    /// <summary>The service on a real Kestrel socket with a two-second grace period for the minimum body data rate.</summary>
    public sealed class KestrelBridgeFactory : LoggingBridgeFactory
    {
        public KestrelBridgeFactory()
        {
            UseKestrel(kestrel => kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(2)));
            StartServer();
        }

        public Uri Address => new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }
}
