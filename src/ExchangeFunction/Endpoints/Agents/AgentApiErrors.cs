using System.Globalization;
using Bridge.Authority.Agents;
using Bridge.ExchangeFunction.Hosting;
using Bridge.ExchangeFunction.Protocol;
using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Endpoints.Agents;

/// <summary>
/// The errors of the agent API: the OAuth error body of <c>/token</c> (<c>error</c>, fixed <c>error_description</c>) with
/// RFC 6750 codes for authentication. Descriptions are generic: a prober learns nothing about which check failed.
/// </summary>
internal static class AgentApiErrors
{
    /// <summary>The assertion is missing, malformed, forged, expired, replayed, or names no current agent SVID.</summary>
    public static readonly OAuthError InvalidToken = new("invalid_token", "The agent assertion is missing, invalid or not acceptable.", 401);

    /// <summary>The agent is authenticated but may not do this (banned, or an entry outside its authorized set).</summary>
    public static readonly OAuthError AccessDenied = new("access_denied", "The agent is not allowed to perform this request.", 403);

    /// <summary>A request body that is not <c>application/json</c>.</summary>
    public static readonly OAuthError NotJson = new("invalid_request", "The request body must be application/json.", 400);

    /// <summary>Maps a refusal of the workload routes to its error.</summary>
    public static OAuthError From(AgentSvidFailure failure) => failure switch
    {
        // An agent asking for an entry outside its authorized set: the same answer whether it exists or not.
        AgentSvidFailure.EntryNotAuthorized => AccessDenied,
        // The operator's to fix, but a 5xx would invite retries that cannot succeed (as /token answers it).
        AgentSvidFailure.EntryNotIssuable => OAuthError.ResourceNotAvailable,
        AgentSvidFailure.InvalidCertificateRequest => OAuthError.InvalidCertificateRequest,
        AgentSvidFailure.AudienceRequired => OAuthError.AudienceRequired,
        AgentSvidFailure.AudienceNotAllowed => OAuthError.AudienceNotAllowed,
        AgentSvidFailure.Unavailable => OAuthError.TemporarilyUnavailable,
        _ => OAuthError.ServerError,
    };

    /// <summary>Maps an authentication failure to its error.</summary>
    public static OAuthError From(AgentAuthenticationFailure failure) => failure switch
    {
        AgentAuthenticationFailure.Banned => AccessDenied,
        AgentAuthenticationFailure.Unavailable => OAuthError.TemporarilyUnavailable,
        AgentAuthenticationFailure.None => OAuthError.ServerError,
        _ => InvalidToken,
    };

    /// <summary>
    /// Writes <paramref name="error"/> with the headers its status needs: <c>WWW-Authenticate</c> on 401 (RFC 6750 §3),
    /// <c>Retry-After</c> on 503, and <c>Cache-Control: no-store</c> always.
    /// </summary>
    public static IResult Result(HttpContext context, OAuthError error)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (error.StatusCode == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = $"{AgentAuthentication.Scheme} error=\"{error.Code}\"";
        }
        else if (error.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            var seconds = context.RequestServices.GetRequiredService<IOptions<ExchangeFunctionOptions>>().Value.RetryAfterSeconds;
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return TokenEndpoint.Error(error);
    }
}
