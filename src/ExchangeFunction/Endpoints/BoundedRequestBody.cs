using System.Buffers;
using Bridge.ExchangeFunction.Protocol;

namespace Bridge.ExchangeFunction.Endpoints;

/// <summary>
/// Reads a request body with a hard size cap, whatever the host (Kestrel, test server or the Lambda adapter) enforces,
/// into a pooled buffer that is cleared afterwards: bodies hold bearer tokens and evidence, which must not linger in a
/// reused buffer. Shared by <c>/token</c> and the agent API so both refuse the same bodies the same way.
/// </summary>
internal static class BoundedRequestBody
{
    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> and hands them to <paramref name="parse"/>, which must copy what it keeps
    /// and return null for a body it refuses (answered as a malformed request).
    /// </summary>
    public static async Task<(T? Value, OAuthError? Error)> ReadAsync<T>(
        HttpRequest request, int maxBytes, Func<ReadOnlySpan<byte>, T?> parse, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, OAuthError.BodyTooLarge);
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

            if (length > maxBytes)
            {
                return (null, OAuthError.BodyTooLarge);
            }

            var value = parse(buffer.AsSpan(0, length));
            return value is null ? (null, OAuthError.MalformedRequest) : (value, null);
        }
        catch (BadHttpRequestException ex)
        {
            // The server refused the body as it arrived (too slow for the minimum data rate, bad framing, over its own
            // size limit): a client fault, answered as one rather than surfacing as a 500 with an error log.
            return (null, ex.StatusCode switch
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
