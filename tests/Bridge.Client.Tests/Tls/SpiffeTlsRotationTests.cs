using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Bridge.Client.Sources;
using Bridge.Client.Tests.TestSupport;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Tls;

namespace Bridge.Client.Tests.Tls;

/// <summary>
/// The rotation-aware helpers on real loopback handshakes: after the sources rotate (fake clock past half life) the next
/// handshake presents the new certificates, with no options or HttpClient rebuilt. Its own exchange, as the clock moves.
/// </summary>
public sealed class SpiffeTlsRotationTests(ExchangeHost host) : IClassFixture<ExchangeHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Handshake_AfterRotation_BothSidesPresentNewCertificates()
    {
        var (server, client, serverId, clientId) = await WorkloadsAsync("RawServer", "RawClient");
        var selector = SpiffeTls.CreateServerOptionsSelector(server, SpiffeIdMatcher.Exact(clientId), host.Time);

        var first = await LoopbackHandshake.RunAsync(selector, () => SpiffeTls.CreateClientOptionsAsync(client, SpiffeIdMatcher.Exact(serverId), host.Time, cancellationToken: Ct));
        AdvancePastHalfLife(await client.GetX509SvidAsync(Ct));
        var second = await LoopbackHandshake.RunAsync(selector, () => SpiffeTls.CreateClientOptionsAsync(client, SpiffeIdMatcher.Exact(serverId), host.Time, cancellationToken: Ct));

        Assert.Equal((await server.GetX509SvidAsync(Ct)).Leaf.Thumbprint, second.ServerThumbprint);
        Assert.Equal((await client.GetX509SvidAsync(Ct)).Leaf.Thumbprint, second.ClientThumbprint);
        Assert.NotEqual(first.ServerThumbprint, second.ServerThumbprint);
        Assert.NotEqual(first.ClientThumbprint, second.ClientThumbprint);
    }

    [Fact]
    public async Task Selector_ClientNotAuthorized_Refused()
    {
        var (server, client, serverId, _) = await WorkloadsAsync("RawServer2", "RawClient2");
        var selector = SpiffeTls.CreateServerOptionsSelector(server, SpiffeIdMatcher.Exact(ExchangeHost.RoleId("Other")), host.Time);

        var outcome = await LoopbackHandshake.RunAsync(selector, () => SpiffeTls.CreateClientOptionsAsync(client, SpiffeIdMatcher.Exact(serverId), host.Time, cancellationToken: Ct));

        Assert.Null(outcome.ClientThumbprint);
    }

    [Fact]
    public async Task HttpHandler_AfterRotation_SameHttpClientPresentsNewSvidToKestrel()
    {
        var (server, client, serverId, clientId) = await WorkloadsAsync("HttpServer", "HttpClient");
        await using var kestrel = await MtlsKestrelServer.StartAsync(server, SpiffeIdMatcher.Exact(clientId), host.Time);
        var handler = SpiffeTls.CreateHttpHandler(client, SpiffeIdMatcher.Exact(serverId), host.Time);
        using var http = new HttpClient(handler);
        var whoami = new Uri(kestrel.BaseAddress, "whoami");

        var before = await http.GetStringAsync(whoami, Ct);
        var firstSvid = await client.GetX509SvidAsync(Ct);
        AdvancePastHalfLife(firstSvid);
        var after = await http.GetStringAsync(whoami, Ct);
        var rotated = await client.GetX509SvidAsync(Ct);

        Assert.Equal(clientId + "|" + firstSvid.Leaf.Thumbprint, before);
        Assert.NotSame(firstSvid, rotated);
        Assert.Equal(clientId + "|" + rotated.Leaf.Thumbprint, after);
        Assert.Equal(2, handler.Generations);
    }

    [Fact]
    public async Task HttpHandler_NoRotation_ReusesOnePool()
    {
        var (server, client, serverId, clientId) = await WorkloadsAsync("PoolServer", "PoolClient");
        await using var kestrel = await MtlsKestrelServer.StartAsync(server, SpiffeIdMatcher.Exact(clientId), host.Time);
        var handler = SpiffeTls.CreateHttpHandler(client, SpiffeIdMatcher.Exact(serverId), host.Time);
        using var http = new HttpClient(handler);

        await http.GetStringAsync(new Uri(kestrel.BaseAddress, "whoami"), Ct);
        await http.GetStringAsync(new Uri(kestrel.BaseAddress, "whoami"), Ct);

        Assert.Equal(1, handler.Generations);
    }

    [Fact]
    public async Task HttpHandler_SourceCannotGetSvid_ThrowsWithoutSending()
    {
        // No registration entry for this role: Bridge refuses, so there is no SVID to present.
        var client = new X509SvidSource(host.CreateExchangeClient(host.TokensFor("Unregistered")).Client, host.Time);
        var handler = SpiffeTls.CreateHttpHandler(client, SpiffeIdMatcher.Any(), host.Time);
        using var http = new HttpClient(handler);

        await Assert.ThrowsAsync<Client.Exchange.BridgeExchangeException>(() => http.GetAsync(new Uri("https://127.0.0.1:1/"), Ct));
        Assert.Equal(0, handler.Generations);
    }

    private void AdvancePastHalfLife(Spiffe.Svid.X509.X509Svid svid)
    {
        var lifetime = svid.Leaf.NotAfter.ToUniversalTime() - svid.Leaf.NotBefore.ToUniversalTime();
        host.Time.Advance((lifetime / 2) + TimeSpan.FromSeconds(1));
    }

    private async Task<(X509SvidSource Server, X509SvidSource Client, SpiffeId ServerId, SpiffeId ClientId)> WorkloadsAsync(string serverRole, string clientRole)
    {
        var serverId = await host.RegisterAsync(serverRole);
        var clientId = await host.RegisterAsync(clientRole);
        var server = new X509SvidSource(host.CreateExchangeClient(host.TokensFor(serverRole)).Client, host.Time);
        var client = new X509SvidSource(host.CreateExchangeClient(host.TokensFor(clientRole)).Client, host.Time);
        return (server, client, serverId, clientId);
    }
}
