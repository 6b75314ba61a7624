using System.Net;
using Bridge.Client.Exchange;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.Jwt;

namespace Bridge.Client.Sources;

/// <summary>
/// <see cref="IJwtSvidSource"/> over the direct token exchange: one cached <see cref="JwtSvidSource"/> per audience
/// set and SPIFFE ID (from <see cref="IJwtSvidSourceFactory"/>), so code written against the interface runs unchanged
/// on the Workload API. The token is read with <see cref="JwtSvidValidator.ParseInsecure"/>: it came straight from
/// Bridge over TLS, so its shape, <c>sub</c>, <c>aud</c> and <c>exp</c> are checked but not its signature.
/// </summary>
public sealed class ExchangeJwtSvidSource : IJwtSvidSource
{
    private readonly IJwtSvidSourceFactory _sources;
    private readonly TimeProvider _time;

    /// <summary>Creates the source.</summary>
    /// <param name="sources">The shared per-audience caches.</param>
    /// <param name="timeProvider">The clock for the expiry check.</param>
    public ExchangeJwtSvidSource(IJwtSvidSourceFactory sources, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _sources = sources;
        _time = timeProvider;
    }

    /// <inheritdoc/>
    /// <exception cref="BridgeExchangeException">No valid SVID could be obtained, or Bridge answered with a token that is not one for this request.</exception>
    public async ValueTask<JwtSvid> FetchJwtSvidAsync(IReadOnlyList<string> audience, SpiffeId? subject = null, CancellationToken cancellationToken = default)
    {
        var issued = await _sources.GetSource(audience, subject).FetchJwtSvidAsync(cancellationToken).ConfigureAwait(false);
        var parsed = JwtSvidValidator.ParseInsecure(issued.Token, [.. audience], _time.GetUtcNow());
        if (parsed.Svid is not { } svid || (subject is { } wanted && svid.Id != wanted))
        {
            throw new BridgeExchangeException(BridgeExchangeException.InvalidResponse, "The issued JWT-SVID is not valid for this request.", HttpStatusCode.OK);
        }

        return svid;
    }
}
