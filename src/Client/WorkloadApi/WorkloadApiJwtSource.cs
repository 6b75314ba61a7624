using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.Jwt;
using Grpc.Core;

namespace Bridge.Client.WorkloadApi;

/// <summary>
/// JWT-SVIDs from a SPIFFE Workload API agent (<c>FetchJWTSVID</c>, one unary call per fetch: the agent caches), and
/// validation by the agent (<c>ValidateJWTSVID</c>, as the spec recommends). Tokens are read with
/// <see cref="JwtSvidValidator.ParseInsecure"/>: they came from the local agent, so their shape, <c>sub</c>,
/// <c>aud</c> and <c>exp</c> are checked but not their signature. Tokens are bearer credentials: never log them.
/// </summary>
public sealed class WorkloadApiJwtSource : IJwtSvidSource
{
    private readonly WorkloadApiClient _client;
    private readonly TimeProvider _time;

    /// <summary>Creates the source; each call reaches the agent.</summary>
    public WorkloadApiJwtSource(WorkloadApiClient client, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _client = client;
        _time = timeProvider;
    }

    /// <inheritdoc/>
    /// <remarks>Without <paramref name="subject"/>, <see cref="WorkloadApiOptions.SpiffeId"/> is asked for when set, else the agent's first identity.</remarks>
    /// <exception cref="WorkloadApiException">The agent refused (see <see cref="WorkloadApiException.StatusCode"/>), was unreachable, or sent a token that is not for this request.</exception>
    public async ValueTask<JwtSvid> FetchJwtSvidAsync(IReadOnlyList<string> audience, SpiffeId? subject = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audience);
        string[] audiences = [.. audience.Distinct(StringComparer.Ordinal)];
        if (audiences.Length is 0 or > 16 || audiences.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Between 1 and 16 non-blank audiences are required.", nameof(audience));
        }

        var wanted = subject ?? (_client.Options.SpiffeId is { } configured ? SpiffeId.Parse(configured) : null);
        var request = new JWTSVIDRequest { SpiffeId = wanted?.ToString() ?? string.Empty };
        request.Audience.Add(audiences);
        var response = await _client.CallAsync(
            options => _client.Grpc.FetchJWTSVIDAsync(request, options).ResponseAsync, _time, cancellationToken).ConfigureAwait(false);

        var chosen = wanted is { } id ? response.Svids.FirstOrDefault(s => s.SpiffeId == id.ToString()) : response.Svids.FirstOrDefault();
        var parsed = chosen is null ? null : JwtSvidValidator.ParseInsecure(chosen.Svid, audiences, _time.GetUtcNow()).Svid;
        if (parsed is null || parsed.Id.ToString() != chosen!.SpiffeId)
        {
            throw new WorkloadApiException(StatusCode.Internal, "The Workload API answered with no JWT-SVID valid for this request.");
        }

        return parsed;
    }

    /// <summary>
    /// Asks the agent to validate <paramref name="token"/> for <paramref name="audience"/> (signature against its
    /// bundles, expiry, audience); the result carries the token's claims.
    /// </summary>
    /// <exception cref="WorkloadApiException">The token is invalid (<see cref="StatusCode.InvalidArgument"/>), or the agent refused or was unreachable.</exception>
    public async ValueTask<JwtSvid> ValidateJwtSvidAsync(string token, string audience, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        var request = new ValidateJWTSVIDRequest { Svid = token, Audience = audience };
        var response = await _client.CallAsync(
            options => _client.Grpc.ValidateJWTSVIDAsync(request, options).ResponseAsync, _time, cancellationToken).ConfigureAwait(false);

        // The agent vouched for the signature; the claims are read from the token itself, and must agree with it.
        var parsed = JwtSvidValidator.ParseInsecure(token, [audience], _time.GetUtcNow()).Svid;
        if (parsed is null || parsed.Id.ToString() != response.SpiffeId)
        {
            throw new WorkloadApiException(StatusCode.Internal, "The Workload API's validation does not match the token.");
        }

        return parsed;
    }
}
