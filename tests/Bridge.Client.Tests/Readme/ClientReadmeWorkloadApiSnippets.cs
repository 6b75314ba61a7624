// The Workload API code src/Client/README.md quotes; see ClientReadmeSnippets.cs.
#region snippet:workloadapi-usings
using Bridge.Client.DependencyInjection;   // AddBridgeWorkloadApi
using Bridge.Client.WorkloadApi;           // WorkloadApiJwtSource, WorkloadApiException, WorkloadApiOptions
using Bridge.Spiffe.Id;                    // SpiffeIdMatcher
using Bridge.Spiffe.Svid.Jwt;              // IJwtSvidSource, JwtSvid
using Bridge.Spiffe.Svid.X509;             // IX509SvidSource
using Bridge.Spiffe.Tls;                   // SpiffeTls
using Microsoft.Extensions.DependencyInjection;
#endregion

namespace Bridge.Client.Tests.Readme;

internal static class ClientReadmeWorkloadApiSnippets
{
    public static async Task<(JwtSvid Jwt, JwtSvid Caller)> WorkloadApiAsync(SpiffeId peerId, string incomingToken, CancellationToken ct)
    {
        #region snippet:workloadapi
        var services = new ServiceCollection();
        services.AddBridgeWorkloadApi();                                  // address from SPIFFE_ENDPOINT_SOCKET, validated at start
        await using var sp = services.BuildServiceProvider();

        var x509 = sp.GetRequiredService<IX509SvidSource>();              // the agent's stream; awaiting waits for the first SVID
        using var http = new HttpClient(SpiffeTls.CreateHttpHandler(x509, SpiffeIdMatcher.Exact(peerId), TimeProvider.System));

        JwtSvid jwt = await sp.GetRequiredService<IJwtSvidSource>().FetchJwtSvidAsync(["sts.amazonaws.com"], cancellationToken: ct);
        JwtSvid caller = await sp.GetRequiredService<WorkloadApiJwtSource>().ValidateJwtSvidAsync(incomingToken, "ledger", ct);
        #endregion
        return (jwt, caller);
    }
}
