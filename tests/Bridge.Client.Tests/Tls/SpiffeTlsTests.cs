using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bridge.Client.Sources;
using Bridge.Client.Tests.TestSupport;
using Bridge.Spiffe.Bundle.X509;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Tls;

namespace Bridge.Client.Tests.Tls;

/// <summary>Real TLS handshakes on loopback between two SVID holders using the helpers.</summary>
public sealed class SpiffeTlsTests(SpiffeTlsTests.Peers peers) : IClassFixture<SpiffeTlsTests.Peers>
{
    private const string Greeting = "hello over mTLS";

    [Fact]
    public async Task Handshake_BothIdsAuthorized_Connects()
    {
        var outcome = await HandshakeAsync(
            SpiffeTls.CreateServerOptions(peers.Server, SpiffeIdMatcher.Exact(peers.ClientId), TimeProvider.System),
            SpiffeTls.CreateClientOptions(peers.Client, SpiffeIdMatcher.Exact(peers.ServerId), TimeProvider.System));

        Assert.True(outcome.Connected);
        Assert.Equal(peers.ClientId, outcome.ServerSawClient);
    }

    [Fact]
    public async Task Handshake_TrustDomainMemberAndOneOf_Connects()
    {
        var outcome = await HandshakeAsync(
            SpiffeTls.CreateServerOptions(peers.Server, SpiffeIdMatcher.MemberOf(ExchangeHost.TrustDomain), TimeProvider.System),
            SpiffeTls.CreateClientOptions(peers.Client, SpiffeIdMatcher.OneOf(peers.ClientId, peers.ServerId), TimeProvider.System));

        Assert.True(outcome.Connected);
    }

    [Fact]
    public async Task Handshake_ClientExpectsOtherServerId_Refused()
    {
        var outcome = await HandshakeAsync(
            SpiffeTls.CreateServerOptions(peers.Server, SpiffeIdMatcher.Exact(peers.ClientId), TimeProvider.System),
            SpiffeTls.CreateClientOptions(peers.Client, SpiffeIdMatcher.Exact(ExchangeHost.RoleId("Impostor")), TimeProvider.System));

        Assert.False(outcome.Connected);
    }

    [Fact]
    public async Task Handshake_ServerExpectsOtherClientId_Refused()
    {
        var outcome = await HandshakeAsync(
            SpiffeTls.CreateServerOptions(peers.Server, SpiffeIdMatcher.Exact(ExchangeHost.RoleId("Impostor")), TimeProvider.System),
            SpiffeTls.CreateClientOptions(peers.Client, SpiffeIdMatcher.Exact(peers.ServerId), TimeProvider.System));

        Assert.False(outcome.Connected);
        Assert.True(outcome.ServerSawClient.IsZero);
    }

    [Fact]
    public async Task Handshake_ForeignBundleForSameTrustDomain_Refused()
    {
        using var foreignKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var foreignRoot = new CertificateRequest("CN=foreign root", foreignKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var foreign = new X509Bundle(ExchangeHost.TrustDomain, [foreignRoot]);
        var server = await peers.Server.GetX509SvidAsync(TestContext.Current.CancellationToken);
        var client = await peers.Client.GetX509SvidAsync(TestContext.Current.CancellationToken);

        var outcome = await HandshakeAsync(
            SpiffeTls.CreateServerOptions(server, peers.Server, SpiffeIdMatcher.Exact(peers.ClientId), TimeProvider.System),
            SpiffeTls.CreateClientOptions(client, foreign, SpiffeIdMatcher.Exact(peers.ServerId), TimeProvider.System));

        Assert.False(outcome.Connected);
    }

    [Fact]
    public async Task Handshake_ClientWithoutCertificate_Refused()
    {
        var clientOptions = SpiffeTls.CreateClientOptions(peers.Client, SpiffeIdMatcher.Exact(peers.ServerId), TimeProvider.System);
        clientOptions.ClientCertificateContext = null;

        var outcome = await HandshakeAsync(
            SpiffeTls.CreateServerOptions(peers.Server, SpiffeIdMatcher.Exact(peers.ClientId), TimeProvider.System), clientOptions);

        Assert.False(outcome.Connected);
    }

    [Fact]
    public void CreateHttpHandler_PresentsSvidAndValidatesWithBundle()
    {
        using var handler = SpiffeTls.CreateHttpHandler(peers.Client.Current!, peers.Client, SpiffeIdMatcher.Exact(peers.ServerId), TimeProvider.System);

        Assert.NotNull(handler.SslOptions.ClientCertificateContext);
        Assert.Equal(2, handler.SslOptions.ClientCertificateContext.IntermediateCertificates.Count + 1);
        Assert.NotNull(handler.SslOptions.RemoteCertificateValidationCallback);
    }

    [Fact]
    public void CreateClientOptions_SourceWithoutSvid_Throws()
    {
        var source = new X509SvidSource(peers.Host.CreateExchangeClient(peers.Host.TokensFor("Nothing")).Client, peers.Host.Time);

        Assert.Throws<InvalidOperationException>(() => SpiffeTls.CreateClientOptions(source, SpiffeIdMatcher.Any(), TimeProvider.System));
    }

    private async Task<Outcome> HandshakeAsync(SslServerAuthenticationOptions serverOptions, SslClientAuthenticationOptions clientOptions)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serverSaw = default(SpiffeId);
        var validate = serverOptions.RemoteCertificateValidationCallback!;
        serverOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
        {
            var ok = validate(sender, certificate, chain, errors);
            if (ok)
            {
                serverSaw = SpiffeTls.VerifyPeer(certificate, chain, peers.Server, SpiffeIdMatcher.Any(), TimeProvider.System);
            }

            return ok;
        };

        var serverTask = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync();
            await using var tls = new SslStream(socket.GetStream());
            try
            {
                await tls.AuthenticateAsServerAsync(serverOptions);
                await tls.WriteAsync(Encoding.UTF8.GetBytes(Greeting));
                await tls.FlushAsync();
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException)
            {
                // Refused: the client sees the connection fail.
            }
        });

        var connected = false;
        try
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync(IPAddress.Loopback, port);
            await using var tls = new SslStream(socket.GetStream());
            await tls.AuthenticateAsClientAsync(clientOptions);

            // In TLS 1.3 the server judges the client after the client finished; only received data proves acceptance.
            var buffer = new byte[64];
            var read = await tls.ReadAsync(buffer);
            connected = Encoding.UTF8.GetString(buffer, 0, read) == Greeting;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            connected = false;
        }

        await serverTask;
        return new Outcome(connected, serverSaw);
    }

    private sealed record Outcome(bool Connected, SpiffeId ServerSawClient);

    /// <summary>Two workloads holding X.509-SVIDs from the same in-process exchange.</summary>
    public sealed class Peers : IAsyncLifetime
    {
        public ExchangeHost Host { get; } = new();

        public X509SvidSource Server { get; private set; } = null!;

        public X509SvidSource Client { get; private set; } = null!;

        public SpiffeId ServerId { get; } = ExchangeHost.RoleId("TlsServer");

        public SpiffeId ClientId { get; } = ExchangeHost.RoleId("TlsClient");

        public async ValueTask InitializeAsync()
        {
            await Host.RegisterAsync("TlsServer");
            await Host.RegisterAsync("TlsClient");
            Server = new X509SvidSource(Host.CreateExchangeClient(Host.TokensFor("TlsServer")).Client, Host.Time);
            Client = new X509SvidSource(Host.CreateExchangeClient(Host.TokensFor("TlsClient")).Client, Host.Time);
            await Server.GetX509SvidAsync();
            await Client.GetX509SvidAsync();
        }

        public async ValueTask DisposeAsync() => await Host.DisposeAsync();
    }
}
