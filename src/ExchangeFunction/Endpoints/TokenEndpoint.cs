using System.Text;
using Bridge.Authority.Exchange;
using Bridge.ExchangeFunction.Hosting;
using Bridge.ExchangeFunction.Protocol;
using Bridge.ExchangeFunction.Serialization;
using Bridge.Protocol;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Bridge.ExchangeFunction.Endpoints;

/// <summary><c>POST /token</c>: RFC 8693 token exchange. Translates HTTP to <see cref="ExchangeService"/> and back, nothing more.</summary>
internal static class TokenEndpoint
{
    private const string FormContentType = "application/x-www-form-urlencoded";

    // The form has eight parameters, audience repeatable up to 16 times: these bounds leave room and no more.
    private const int MaxFormParameters = 64;
    private const int MaxParameterNameLength = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void MapTokenEndpoint(this IEndpointRouteBuilder endpoints) => endpoints.MapPost("/token", HandleAsync);

    private static async Task<IResult> HandleAsync(
        HttpContext context, ExchangeService exchange, TokenResponseWriter writer, EdgeAudit audit, IOptions<ExchangeFunctionOptions> options)
    {
        // RFC 6749 §5.1: token responses, errors included, must not be cached.
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";

        // Parameters belong in the body (RFC 6749 §3.2); one in the query string would otherwise be silently ignored.
        // Refusals decided here, before any attestor runs, are audited by EdgeAudit; ExchangeService audits the rest.
        if (context.Request.QueryString is { HasValue: true, Value: not "?" })
        {
            return Error(audit.Refused(context.Request, EdgeRefusal.QueryParameters, OAuthError.MalformedRequest));
        }

        if (!IsFormContentType(context.Request.ContentType))
        {
            return Error(audit.Refused(context.Request, EdgeRefusal.UnsupportedContentType, OAuthError.WrongContentType));
        }

        var (form, formError) = await ReadFormAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted);
        if (form is null)
        {
            return Error(audit.Refused(context.Request, BodyRefusal(formError!), formError!));
        }

        var (request, parseError) = TokenExchangeFormParser.Parse(form);
        if (request is null)
        {
            return Error(audit.Refused(context.Request, EdgeRefusal.InvalidParameters, parseError!));
        }

        var result = await exchange.ExchangeAsync(request, context.RequestAborted);
        if (!result.Succeeded)
        {
            var error = OAuthError.From(result.Failure);
            if (error.StatusCode == StatusCodes.Status503ServiceUnavailable)
            {
                context.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Error(error);
        }

        return Results.Json(writer.Write(result), BridgeJsonContext.Default.TokenExchangeResponse);
    }

    internal static IResult Error(OAuthError error) => Results.Json(
        new OAuthErrorResponse { Error = error.Code, ErrorDescription = error.Description },
        BridgeJsonContext.Default.OAuthErrorResponse,
        statusCode: error.StatusCode);

    private static EdgeRefusal BodyRefusal(OAuthError error) =>
        error == OAuthError.BodyTooLarge ? EdgeRefusal.BodyTooLarge
        : error == OAuthError.RequestTimeout ? EdgeRefusal.BodyTimeout
        : EdgeRefusal.MalformedBody;

    private static bool IsFormContentType(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }

        return mediaType.Trim().Equals(FormContentType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Reads the body with a hard size cap (<see cref="BoundedRequestBody"/>) and parses it strictly
    /// (<see cref="UrlEncodedForm"/>) as UTF-8 with bounded name and count limits.
    /// </summary>
    private static async Task<(Dictionary<string, StringValues>? Form, OAuthError? Error)> ReadFormAsync(
        HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var (body, error) = await BoundedRequestBody.ReadAsync(request, maxBytes, DecodeUtf8, cancellationToken);
        if (body is null)
        {
            return (null, error);
        }

        var form = UrlEncodedForm.TryParse(body, MaxFormParameters, MaxParameterNameLength);
        return form is null ? (null, OAuthError.MalformedRequest) : (form, null);
    }

    private static (string? Body, OAuthError? Error) DecodeUtf8(ReadOnlySpan<byte> body)
    {
        try
        {
            return (StrictUtf8.GetString(body), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, OAuthError.MalformedRequest);
        }
    }
}
