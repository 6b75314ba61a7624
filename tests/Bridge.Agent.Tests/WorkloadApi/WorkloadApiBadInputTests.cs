using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Grpc.Core;

namespace Bridge.Agent.Tests.WorkloadApi;

/// <summary>Oversized and garbage input ends the offending call or connection with an error, and the next caller is served.</summary>
public sealed class WorkloadApiBadInputTests
{
    [Fact]
    public async Task AnOversizedMessage_IsResourceExhausted_AndTheNextCallIsServed()
    {
        await using var host = await WorkloadApiHost.StartAsync();
        host.Cache.Publish([host.TrustDomain.Identity("/web", ["unix:uid:0"])]);
        var client = host.Client();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.FetchJWTSVIDAsync(
            new JWTSVIDRequest { Audience = { new string('a', 70 * 1024) } }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(0, host.Attestation.Calls);
        await AssertServedAsync(host);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0, 5, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0, 0, 0, 0, 9, 0x0A })]
    [InlineData(new byte[] { 1, 0, 0, 0, 2, 0x0A, 0x00 })]
    [InlineData(new byte[] { 0, 0x7F, 0xFF, 0xFF, 0xFF })]
    public async Task AGarbageGrpcFrame_EndsThatCallWithAnError_AndTheNextCallIsServed(byte[] body)
    {
        await using var host = await WorkloadApiHost.StartAsync();
        host.Cache.Publish([host.TrustDomain.Identity("/web", ["unix:uid:0"])]);
        using var http = new HttpClient(Handler(host.SocketPath));
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://localhost/SpiffeWorkloadAPI/FetchJWTSVID")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.Add("workload.spiffe.io", "true");

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var values) ? values.Single()
            : response.Headers.GetValues("grpc-status").Single();
        Assert.NotEqual("0", status);
        await AssertServedAsync(host);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000\u0004\u0004\u0000\u0000\u0000\u0000\u0000\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff")]
    [InlineData("\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003 a TLS ClientHello, not the HTTP/2 preface")]
    public async Task GarbageOnTheSocket_LeavesTheServerServingTheNextCaller(string garbage)
    {
        await using var host = await WorkloadApiHost.StartAsync();
        host.Cache.Publish([host.TrustDomain.Identity("/web", ["unix:uid:0"])]);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(host.SocketPath), TestContext.Current.CancellationToken);

        await socket.SendAsync(garbage.Select(c => (byte)c).ToArray(), TestContext.Current.CancellationToken);

        // Kestrel drops a connection with a bad preface (or waits for the rest of a short one); either way the next
        // caller, on a connection of its own, is served while the garbage connection is still there.
        await AssertServedAsync(host);
        Assert.Equal(1, host.Attestation.Calls);
    }

    private static async Task AssertServedAsync(WorkloadApiHost host)
    {
        var response = await host.Client().FetchJWTSVIDAsync(new JWTSVIDRequest { Audience = { "a" } }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("spiffe://example.org/web", Assert.Single(response.Svids).SpiffeId);
    }

    private static SocketsHttpHandler Handler(string socketPath) => new()
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    };
}
