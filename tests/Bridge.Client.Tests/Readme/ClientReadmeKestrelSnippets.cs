// The Kestrel code src/Client/README.md quotes (package Bridge.Client.AspNetCore); see ClientReadmeSnippets.cs.
#region snippet:kestrel-usings
using Bridge.Client.AspNetCore;            // UseBridgeMtls, GetPeerSpiffeId
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;             // IX509SvidSource: the exchange's X509SvidSource or the agent's WorkloadApiX509Source
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
#endregion

namespace Bridge.Client.Tests.Readme;

internal static class ClientReadmeKestrelSnippets
{
    public static void Kestrel(WebApplicationBuilder builder, IX509SvidSource x509Source)
    {
        #region snippet:kestrel
        builder.WebHost.UseKestrel(k => k.ListenAnyIP(8443, listen =>
            listen.UseBridgeMtls(x509Source, SpiffeIdMatcher.MemberOf(TrustDomain.Parse("example.org")))));
        var app = builder.Build();
        app.MapGet("/", (HttpContext context) => $"hello {context.GetPeerSpiffeId()}");   // verified in the handshake
        #endregion
    }
}
