using Bridge.Client.DependencyInjection;
using Bridge.Client.Evidence;
using Bridge.Client.Exchange;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Cli.Demo;

/// <summary>
/// The demo's calls to <c>POST /token</c>, made with <c>Bridge.Client</c> as a workload makes them: each call hands over
/// the subject token it is given, once. A refusal is what a denial step checks, so nothing is retried.
/// </summary>
internal sealed class DemoExchange(HttpClient http, TimeProvider time)
{
    private static readonly IOptions<BridgeClientOptions> SingleAttempt = Options.Create(new BridgeClientOptions { MaxAttempts = 1 });

    public Task<DemoExchangeOutcome<IssuedJwtSvid>> RequestJwtSvidAsync(string subjectToken, string audience, CancellationToken cancellationToken) =>
        RunAsync(subjectToken, client => client.RequestJwtSvidAsync([audience], cancellationToken: cancellationToken), svid => svid.SpiffeId);

    public Task<DemoExchangeOutcome<IssuedX509Svid>> RequestX509SvidAsync(string subjectToken, byte[] csrDer, CancellationToken cancellationToken) =>
        RunAsync(subjectToken, client => client.RequestX509SvidAsync(csrDer, cancellationToken: cancellationToken), svid => svid.SpiffeId);

    private async Task<DemoExchangeOutcome<T>> RunAsync<T>(string subjectToken, Func<BridgeExchangeClient, Task<T>> request, Func<T, SpiffeId> spiffeId)
        where T : class
    {
        var client = new BridgeExchangeClient(http, new StaticSubjectTokenProvider(subjectToken), SingleAttempt, time);
        try
        {
            var svid = await request(client).ConfigureAwait(false);
            return new DemoExchangeOutcome<T>(svid, spiffeId(svid), null);
        }
        catch (BridgeExchangeException refusal)
        {
            return new DemoExchangeOutcome<T>(null, null, refusal);
        }
    }
}
