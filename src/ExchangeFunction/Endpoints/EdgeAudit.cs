using Bridge.Abstractions.Logging;
using Bridge.Authority.Telemetry;
using Bridge.ExchangeFunction.Protocol;

namespace Bridge.ExchangeFunction.Endpoints;

/// <summary>
/// Audits the requests the HTTP edge refuses on its own, before any attestor runs: one log line (event ids 5040–5049)
/// and a count (<c>bridge.exchange.requests</c>, or <c>bridge.http.unrouted</c> for a request that matches no
/// endpoint), so a flood of malformed or mis-routed requests is as visible as refused evidence. Only the method and a bounded path are logged: never a header, a query value or the body.
/// </summary>
/// <remarks>
/// A request to one of Bridge's endpoints that the edge refuses is a Warning (5040): a client is broken or probing the
/// protocol. A request that matches no endpoint (404, 405) is Information (5041): a Function URL is probed by internet
/// scanners all day, and a Warning per probe would bury the warnings that matter; its own counter keeps the probes
/// out of the exchanges' refusal rate, which an alarm watches.
/// </remarks>
internal sealed partial class EdgeAudit(AuthorityMetrics metrics, ILogger<EdgeAudit> logger)
{
    // A caller-chosen path is logged only up to this many characters: enough to tell /v1/token from /token, too few to
    // carry a whole token a misconfigured client put in the path (a JWT's signature comes after its first 64).
    private const int PathMaxLength = 64;

    /// <summary>Records the refusal of <paramref name="request"/>; returns <paramref name="error"/> for the caller to answer with.</summary>
    public OAuthError Refused(HttpRequest request, EdgeRefusal refusal, OAuthError error)
    {
        Record(request, refusal, error.StatusCode);
        return error;
    }

    /// <summary>Records the refusal of <paramref name="request"/>, answered with <paramref name="statusCode"/>.</summary>
    public void Record(HttpRequest request, EdgeRefusal refusal, int statusCode)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = LogText.Bounded(request.Method, 16);
        var path = LogText.Bounded(request.Path.Value, PathMaxLength);
        if (refusal is EdgeRefusal.UnknownRoute or EdgeRefusal.MethodNotAllowed)
        {
            metrics.RecordUnrouted(OutcomeOf(refusal));
            Log.RequestUnrouted(logger, refusal, method, path, statusCode);
        }
        else
        {
            metrics.RecordEdgeRefusal(OutcomeOf(refusal));
            Log.RequestRefused(logger, refusal, method, path, statusCode);
        }
    }

    /// <summary>The outcome tag of a refusal.</summary>
    internal static string OutcomeOf(EdgeRefusal refusal) => refusal switch
    {
        EdgeRefusal.QueryParameters => "query_parameters",
        EdgeRefusal.UnsupportedContentType => "unsupported_content_type",
        EdgeRefusal.BodyTooLarge => "body_too_large",
        EdgeRefusal.BodyTimeout => "body_timeout",
        EdgeRefusal.MalformedBody => "malformed_body",
        EdgeRefusal.InvalidParameters => "invalid_parameters",
        EdgeRefusal.UnknownRoute => "unknown_route",
        EdgeRefusal.MethodNotAllowed => "method_not_allowed",
        _ => "other",
    };

    private static partial class Log
    {
        [LoggerMessage(5040, LogLevel.Warning, "Request refused at the HTTP edge: {Refusal}, {Method} {Path}, status {StatusCode}")]
        public static partial void RequestRefused(ILogger logger, EdgeRefusal refusal, string method, string path, int statusCode);

        [LoggerMessage(5041, LogLevel.Information, "Request matched no endpoint: {Refusal}, {Method} {Path}, status {StatusCode}")]
        public static partial void RequestUnrouted(ILogger logger, EdgeRefusal refusal, string method, string path, int statusCode);
    }
}
