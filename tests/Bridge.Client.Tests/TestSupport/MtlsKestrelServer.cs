using System.Net;
using Bridge.Client.AspNetCore;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Client.Tests.TestSupport;

/// <summary>
/// A real Kestrel server on a free loopback port whose endpoint uses <see cref="BridgeMtlsListenOptionsExtensions.UseBridgeMtls"/>.
/// <c>GET /whoami</c> answers <c>{peer SPIFFE ID}|{client certificate thumbprint}</c>.
/// </summary>
public sealed class MtlsKestrelServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MtlsKestrelServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<MtlsKestrelServer> StartAsync(IX509SvidSource source, Func<SpiffeId, bool> authorizePeer, TimeProvider time)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseBridgeMtls(source, authorizePeer, time)));
        var app = builder.Build();
        app.MapGet("/whoami", (HttpContext context) => context.GetPeerSpiffeId() + "|" + context.Connection.ClientCertificate?.Thumbprint);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return new MtlsKestrelServer(app, new Uri("https://localhost:" + address.Port + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
