// The code src/Client/README.md quotes, compiled with the tests. ReadmeSnippetsTests checks that every ```csharp block
// of the README is one of the regions below, line for line, so the README cannot drift from code that compiles.
#region snippet:usings
using Bridge.Client.DependencyInjection;   // AddBridgeClient, AddBridgeJwtSvidSource, BridgeClientOptions
using Bridge.Client.Evidence;              // ISubjectTokenProvider, StaticSubjectTokenProvider, StsWebIdentityTokenProvider
using Bridge.Client.Exchange;              // BridgeExchangeException, IssuedJwtSvid
using Bridge.Client.Sources;               // JwtSvidSource, IJwtSvidSourceFactory, X509SvidSource
using Bridge.Spiffe.Id;                    // SpiffeId, SpiffeIdMatcher, TrustDomain
using Bridge.Spiffe.Tls;                   // SpiffeTls (mTLS over any IX509SvidSource)
using Microsoft.Extensions.DependencyInjection;
#endregion

namespace Bridge.Client.Tests.Readme;

internal static class ClientReadmeSnippets
{
    public static async Task BasicsAsync(ISubjectTokenProvider tokens, SpiffeId peerId, CancellationToken ct)
    {
        #region snippet:basics
        var services = new ServiceCollection();
        services.AddBridgeClient(o =>
        {
            o.BaseAddress = new Uri("https://bridge.example.org/");     // https; http only on loopback
            o.SubjectTokenProvider = tokens;                              // evidence: a fresh token per attempt (below)
        });
        services.AddBridgeJwtSvidSource("sts.amazonaws.com");             // keyed singleton per audience, options validated at start
        await using var sp = services.BuildServiceProvider();

        // JWT-SVID, cached per audience set, refreshed at half life, one exchange however many callers:
        var jwt = sp.GetRequiredKeyedService<JwtSvidSource>("sts.amazonaws.com");   // or [FromKeyedServices("sts.amazonaws.com")]
        var other = sp.GetRequiredService<IJwtSvidSourceFactory>().GetSource(["ledger", "audit"]);  // same cache per audience set
        IssuedJwtSvid svid = await jwt.FetchJwtSvidAsync(ct);             // svid.Token is the JWT: never log it

        // X.509-SVID, key generated in process at first use (never at init: SnapStart clones init-time state):
        var x509 = sp.GetRequiredService<X509SvidSource>();
        using var http = new HttpClient(SpiffeTls.CreateHttpHandler(x509, SpiffeIdMatcher.Exact(peerId), TimeProvider.System));
        #endregion
        _ = other;
        _ = svid;
    }

    public static void StsEvidence(BridgeClientOptions o)
    {
        #region snippet:sts-evidence
        o.SubjectTokenProvider = StsWebIdentityTokenProvider.Create(new StsWebIdentityTokenOptions
        {
            Audience = "bridge",                         // Bridge's Bridge:Attestors:Oidc:Audience
            Region = "eu-west-1",                        // required: the global STS endpoint does not serve this API
            // SigningAlgorithm = "RS256" (default) or "ES384"; Duration = 300 s (60–3600)
        });
        #endregion
    }

    public static void StaticEvidence(BridgeClientOptions o, Func<string> mintToken, string preMintedToken)
    {
        #region snippet:static-evidence
        o.SubjectTokenProvider = new StaticSubjectTokenProvider(mintToken);       // Func<string>: called once per exchange attempt
        o.SubjectTokenProvider = new StaticSubjectTokenProvider(preMintedToken);  // one fixed token: good for exactly one exchange
        #endregion
    }

    public static void CustomEvidence(BridgeClientOptions o, HttpClient tokenService)
    {
        #region snippet:custom-evidence-use
        o.SubjectTokenProvider = new TokenServiceProvider(tokenService);
        #endregion
    }

    public static async Task<IssuedJwtSvid> RefusalAsync(JwtSvidSource jwt, CancellationToken ct)
    {
        #region snippet:refusal
        try
        {
            return await jwt.FetchJwtSvidAsync(ct);
        }
        catch (BridgeExchangeException refused)     // final: not registered, token replayed, audience not allowed, …
        {
            Console.Error.WriteLine($"Bridge refused: {refused.StatusCode} {refused.Error}");
            throw;
        }
        #endregion
    }

    public static async Task LambdaAsync(SpiffeId peerId, CancellationToken ct)
    {
        #region snippet:lambda
        var region = Environment.GetEnvironmentVariable("AWS_REGION")!;
        var services = new ServiceCollection();
        services.AddBridgeClient(o =>
        {
            o.BaseAddress = new Uri(Environment.GetEnvironmentVariable("BRIDGE_URL")!);
            o.SubjectTokenProvider = StsWebIdentityTokenProvider.Create(new StsWebIdentityTokenOptions
            {
                Audience = Environment.GetEnvironmentVariable("BRIDGE_AUDIENCE"),
                Region = region,
            });
        });
        services.AddBridgeJwtSvidSource("sts.amazonaws.com");
        var provider = services.BuildServiceProvider();
        var stsTokens = provider.GetRequiredKeyedService<JwtSvidSource>("sts.amazonaws.com");
        var x509 = provider.GetRequiredService<X509SvidSource>();

        // In the handler:
        var jwt = await stsTokens.FetchJwtSvidAsync(ct);                 // e.g. for AssumeRoleWithWebIdentity, or any relying party
        using var peer = new HttpClient(SpiffeTls.CreateHttpHandler(x509, SpiffeIdMatcher.Exact(peerId), TimeProvider.System));
        #endregion
        _ = jwt;
        await provider.DisposeAsync();
    }
}

#region snippet:custom-evidence
/// <summary>Evidence from your own token service: a new token on every call (Bridge refuses a token it has seen).</summary>
internal sealed class TokenServiceProvider(HttpClient tokenService) : ISubjectTokenProvider
{
    public async ValueTask<SubjectToken> GetSubjectTokenAsync(CancellationToken cancellationToken) =>
        new((await tokenService.GetStringAsync(new Uri("mint", UriKind.Relative), cancellationToken)).Trim());
}
#endregion
