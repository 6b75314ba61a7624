using System.Buffers;
using Bridge.ExchangeFunction.Protocol;

namespace Bridge.ExchangeFunction.Endpoints;

/// <summary>
/// Reads a request body with a hard size cap, whatever the host (Kestrel, test server or the Lambda adapter) enforces,
/// into a pooled buffer that is cleared on return: bodies hold bearer tokens and CSRs, which must not linger in a
/// reused buffer. <c>/token</c> and the agent API read every body through here.
/// </summary>
internal static class BoundedRequestBody
{
    /// <summary>Parses the body; the span is valid only during the call.</summary>
    public delegate (T? Value, OAuthError? Error) Parser<T>(ReadOnlySpan<byte> body);

    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> and hands them to <paramref name="parse"/>, which must copy what it keeps
    /// and return null for a body it refuses (answered as a malformed request).
    /// </summary>
    public static Task<(T? Value, OAuthError? Error)> ReadAsync<T>(
        HttpRequest request, int maxBytes, Func<ReadOnlySpan<byte>, T?> parse, CancellationToken cancellationToken)
        where T : class =>
        ReadAsync<T>(request, maxBytes, body => parse(body) is { } value ? (value, null) : (null, OAuthError.MalformedRequest), cancellationToken);

    /// <summary>Reads at most <paramref name="maxBytes"/> and parses them; an over-long or broken body is a 4xx error.</summary>
    public static async Task<(T? Value, OAuthError? Error)> ReadAsync<T>(
        HttpRequest request, int maxBytes, Parser<T> parse, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (default, OAuthError.BodyTooLarge);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = 0;
            while (length <= maxBytes)
            {
                var read = await request.Body.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return length > maxBytes ? (default, OAuthError.BodyTooLarge) : parse(buffer.AsSpan(0, length));
        }
        catch (BadHttpRequestException ex)
        {
            // The server refused the body as it arrived (too slow for the minimum data rate, bad framing, over its own
            // size limit): a client fault, answered as one rather than surfacing as a 500 with an error log.
            return (default, ex.StatusCode switch
            {
                StatusCodes.Status408RequestTimeout => OAuthError.RequestTimeout,
                StatusCodes.Status413PayloadTooLarge => OAuthError.BodyTooLarge,
                _ => OAuthError.MalformedRequest,
            });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }
}
