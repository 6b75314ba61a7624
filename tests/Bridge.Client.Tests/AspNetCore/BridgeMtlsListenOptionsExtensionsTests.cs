using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Client.Sources;
using Bridge.Client.Tests.TestSupport;
using Bridge.Spiffe.Bundle.X509;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;
using Bridge.Spiffe.Tls;

namespace Bridge.Client.Tests.AspNetCore;

/// <summary>Real Kestrel mTLS on loopback with <c>UseBridgeMtls</c>: acceptance, the peer ID in the app, and refusals.</summary>
public sealed class BridgeMtlsListenOptionsExtensionsTests(BridgeMtlsListenOptionsExtensionsTests.Workloads workloads)
    : IClassFixture<BridgeMtlsListenOptionsExtensionsTests.Workloads>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Request_AuthorizedClient_AppSeesVerifiedPeerId()
    {
        await using var server = await MtlsKestrelServer.StartAsync(workloads.Server, SpiffeIdMatcher.Exact(workloads.ClientId), TimeProvider.System);
        using var http = new HttpClient(SpiffeTls.CreateHttpHandler(workloads.Client, SpiffeIdMatcher.Exact(workloads.ServerId), TimeProvider.System));

        var body = await http.GetStringAsync(new Uri(server.BaseAddress, "whoami"), Ct);

        var clientSvid = await workloads.Client.GetX509SvidAsync(Ct);
        Assert.Equal(workloads.ClientId + "|" + clientSvid.Leaf.Thumbprint, body);
    }

    [Fact]
    public async Task Request_ServerAuthorizesOtherId_HandshakeRefused()
    {
        await using var server = await MtlsKestrelServer.StartAsync(workloads.Server, SpiffeIdMatcher.Exact(ExchangeHost.RoleId("Other")), TimeProvider.System);
        using var http = new HttpClient(SpiffeTls.CreateHttpHandler(workloads.Client, SpiffeIdMatcher.Exact(workloads.ServerId), TimeProvider.System));

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(new Uri(server.BaseAddress, "whoami"), Ct));
    }

    [Fact]
    public async Task Request_ClientExpectsOtherServerId_Refused()
    {
        await using var server = await MtlsKestrelServer.StartAsync(workloads.Server, SpiffeIdMatcher.Exact(workloads.ClientId), TimeProvider.System);
        using var http = new HttpClient(SpiffeTls.CreateHttpHandler(workloads.Client, SpiffeIdMatcher.Exact(ExchangeHost.RoleId("Other")), TimeProvider.System));

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(new Uri(server.BaseAddress, "whoami"), Ct));
    }

    [Fact]
    public async Task Request_ClientSvidFromForeignCa_Refused()
    {
        // Same trust domain and the authorized SPIFFE ID, but signed by a CA outside the server's bundle.
        using var foreign = ForeignSvid(workloads.ClientId, out _);
        await using var server = await MtlsKestrelServer.StartAsync(workloads.Server, SpiffeIdMatcher.Exact(workloads.ClientId), TimeProvider.System);
        using var http = new HttpClient(SpiffeTls.CreateHttpHandler(
            foreign.Svid, workloads.Server, SpiffeIdMatcher.Exact(workloads.ServerId), TimeProvider.System));

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(new Uri(server.BaseAddress, "whoami"), Ct));
    }

    [Fact]
    public async Task Request_ClientTrustsForeignBundle_Refused()
    {
        using var foreign = ForeignSvid(workloads.ClientId, out var foreignBundle);
        await using var server = await MtlsKestrelServer.StartAsync(workloads.Server, SpiffeIdMatcher.Exact(workloads.ClientId), TimeProvider.System);
        var clientSvid = await workloads.Client.GetX509SvidAsync(Ct);
        using var http = new HttpClient(SpiffeTls.CreateHttpHandler(clientSvid, foreignBundle, SpiffeIdMatcher.Exact(workloads.ServerId), TimeProvider.System));

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(new Uri(server.BaseAddress, "whoami"), Ct));
    }

    [Fact]
    public async Task Request_ClientWithoutCertificate_Refused()
    {
        await using var server = await MtlsKestrelServer.StartAsync(workloads.Server, SpiffeIdMatcher.Any(), TimeProvider.System);
        using var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = SpiffeTls.CreateValidator(workloads.Client, SpiffeIdMatcher.Exact(workloads.ServerId), TimeProvider.System) },
        };
        using var http = new HttpClient(handler);

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(new Uri(server.BaseAddress, "whoami"), Ct));
    }

    /// <summary>A self-issued CA and an SVID for <paramref name="id"/> under it; the bundle holds that CA.</summary>
    internal static ForeignCredential ForeignSvid(SpiffeId id, out X509Bundle bundle)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=foreign ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=foreign", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(id.ToString()));
        leafRequest.CertificateExtensions.Add(san.Build(true));
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var issued = leafRequest.Create(ca, now.AddHours(-1), now.AddHours(1), RandomNumberGenerator.GetBytes(16));
        var leaf = issued.CopyWithPrivateKey(leafKey);
        leafKey.Dispose();
        bundle = new X509Bundle(id.TrustDomain, [ca]);
        return new ForeignCredential(new X509Svid(id, [leaf]), ca);
    }

    internal sealed record ForeignCredential(X509Svid Svid, X509Certificate2 Ca) : IDisposable
    {
        public void Dispose()
        {
            Svid.Leaf.Dispose();
            Ca.Dispose();
        }
    }

    /// <summary>A server and a client workload holding X.509-SVIDs from the same in-process exchange.</summary>
    public sealed class Workloads : IAsyncLifetime
    {
        public ExchangeHost Host { get; } = new();

        public X509SvidSource Server { get; private set; } = null!;

        public X509SvidSource Client { get; private set; } = null!;

        public SpiffeId ServerId { get; } = ExchangeHost.RoleId("KestrelServer");

        public SpiffeId ClientId { get; } = ExchangeHost.RoleId("KestrelClient");

        public async ValueTask InitializeAsync()
        {
            await Host.RegisterAsync("KestrelServer");
            await Host.RegisterAsync("KestrelClient");
            Server = new X509SvidSource(Host.CreateExchangeClient(Host.TokensFor("KestrelServer")).Client, Host.Time);
            Client = new X509SvidSource(Host.CreateExchangeClient(Host.TokensFor("KestrelClient")).Client, Host.Time);
            await Server.GetX509SvidAsync();
            await Client.GetX509SvidAsync();
        }

        public async ValueTask DisposeAsync() => await Host.DisposeAsync();
    }
}
