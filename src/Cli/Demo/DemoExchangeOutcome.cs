using System.Globalization;
using Bridge.Client.Exchange;
using Bridge.Spiffe.Id;

namespace Bridge.Cli.Demo;

/// <summary>What one exchange of the demo gave: the SVID and its SPIFFE ID, or the refusal (OAuth error, HTTP status).</summary>
internal sealed record DemoExchangeOutcome<T>(T? Svid, SpiffeId? SpiffeId, BridgeExchangeException? Refusal)
    where T : class
{
    /// <summary>As the summary shows it: <c>200 → spiffe://…</c>, or <c>400 invalid_request</c>.</summary>
    public string Describe() => SpiffeId is { } id
        ? "200 → " + id
        : (Refusal?.StatusCode is { } status ? ((int)status).ToString(CultureInfo.InvariantCulture) + " " : string.Empty) + Refusal?.Error;
}
