using Bridge.Agent.Cache;
using Bridge.Agent.Server;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.Jwt;
using Grpc.Core;

namespace Bridge.Agent.WorkloadApi;

/// <summary>The unary JWT-SVID methods.</summary>
internal sealed partial class WorkloadApiService
{
    /// <summary>The most audiences one JWT-SVID may carry (the agent API's limit).</summary>
    public const int MaxAudiences = 16;

    /// <summary>
    /// Clock skew tolerated on <c>exp</c>/<c>nbf</c>/<c>iat</c>: tokens are minted by the exchange on another clock, and a
    /// token whose <c>iat</c> is a second ahead of this host is not forged. Fixed, small, never configurable.
    /// </summary>
    public static readonly TimeSpan ValidationLeeway = TimeSpan.FromSeconds(30);

    public override async Task<JWTSVIDResponse> FetchJWTSVID(JWTSVIDRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (request.Audience.Count == 0 || request.Audience.Any(string.IsNullOrWhiteSpace))
        {
            throw InvalidArgument("audience must be specified");
        }

        string[] audience = [.. request.Audience.Distinct(StringComparer.Ordinal)];
        if (audience.Length > MaxAudiences)
        {
            throw InvalidArgument($"at most {MaxAudiences} audiences");
        }

        if (request.SpiffeId.Length > 0 && !SpiffeId.TryParse(request.SpiffeId, out _))
        {
            throw InvalidArgument("invalid requested SPIFFE ID");
        }

        var caller = await AttestAsync(context).ConfigureAwait(false);
        var snapshot = RequireSynced();
        var hints = new HashSet<string>(StringComparer.Ordinal);
        CachedIdentity[] chosen = [.. snapshot.Match(caller.Selectors)
            .Where(i => request.SpiffeId.Length == 0 || string.Equals(i.Entry.SpiffeId, request.SpiffeId, StringComparison.Ordinal))
            .Where(i => WorkloadResponses.IsFirstWithHint(i, hints))];
        if (chosen.Length == 0)
        {
            throw NoIdentity(context, caller);
        }

        IReadOnlyList<MintedJwtSvid> minted;
        try
        {
            minted = await cache.FetchJwtSvidsAsync(chosen, audience, context.CancellationToken).ConfigureAwait(false);
        }
        catch (AgentServerException exception)
        {
            WorkloadApiLog.JwtSvidUnavailable(logger, caller.Credentials.ProcessId, exception.Message);
            throw new RpcException(new Status(StatusCode.Unavailable, "could not fetch JWT-SVID"));
        }

        var response = new JWTSVIDResponse();
        foreach (var svid in minted)
        {
            response.Svids.Add(new JWTSVID { SpiffeId = svid.SpiffeId, Svid = svid.Token, Hint = svid.Hint ?? string.Empty });
        }

        WorkloadApiLog.Sent(logger, context.Method, caller.Credentials.ProcessId, string.Join(", ", minted.Select(m => m.SpiffeId)), snapshot.Version);
        return response;
    }

    public override async Task<ValidateJWTSVIDResponse> ValidateJWTSVID(ValidateJWTSVIDRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(request.Audience))
        {
            throw InvalidArgument("audience must be specified");
        }

        if (string.IsNullOrEmpty(request.Svid))
        {
            throw InvalidArgument("svid must be specified");
        }

        // SPIRE validates only for attested callers with an identity (unless allow_unauthenticated_verifiers is set,
        // which Bridge does not offer).
        var caller = await AttestAsync(context).ConfigureAwait(false);
        var snapshot = RequireSynced();
        if (snapshot.Match(caller.Selectors).Count == 0)
        {
            throw NoIdentity(context, caller);
        }

        var result = JwtSvidValidator.Validate(request.Svid, snapshot.Bundle!, request.Audience, time.GetUtcNow(), ValidationLeeway);
        if (!result.IsValid)
        {
            WorkloadApiLog.JwtSvidRejected(logger, caller.Credentials.ProcessId, result.Error);
            throw InvalidArgument(result.Error);
        }

        return new ValidateJWTSVIDResponse { SpiffeId = result.Svid.Id.ToString(), Claims = ClaimsStruct.From(result.Svid.Claims) };
    }

    private IdentitySnapshot RequireSynced()
    {
        var snapshot = cache.Current;
        return snapshot.Bundle is null ? throw new RpcException(new Status(StatusCode.Unavailable, NotReadyMessage)) : snapshot;
    }

    private static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
