using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Bridge.Abstractions;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>
/// Tells outages (unreachable, throttled beyond the SDK's retries, server faults) from bugs and misconfiguration, so
/// that only the former become <see cref="DependencyUnavailableException"/> (503 at the exchange).
/// </summary>
internal static class DynamoDbFailures
{
    private static readonly FrozenSet<string> TransientCodes =
        AwsErrorCodes.Transient("TransactionInProgressException", "InternalServerError", "ServiceUnavailable");

    /// <summary>Runs one SDK call (the SDK retries throttling with jitter), turning an outage into <see cref="DependencyUnavailableException"/>.</summary>
    public static async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (AsUnavailable(ex, operation, cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }

    /// <summary>Wraps <paramref name="exception"/> when it is an outage; returns null for anything else.</summary>
    public static DependencyUnavailableException? AsUnavailable(Exception exception, string operation, CancellationToken cancellationToken)
    {
        if (!IsOutage(exception, cancellationToken))
        {
            return null;
        }

        // The message names the operation only: request details could carry keys derived from tokens.
        return new DependencyUnavailableException($"DynamoDB is unavailable ({operation}).", exception);
    }

    private static bool IsOutage(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        // The caller's own cancellation is not an outage; a timeout inside the SDK is.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        ConditionalCheckFailedException or TransactionCanceledException => false,
        AmazonServiceException service => service.StatusCode >= HttpStatusCode.InternalServerError
            || service.ErrorType == ErrorType.Receiver
            || (service.ErrorCode is { } code && TransientCodes.Contains(code))
            || IsNetworkFailure(service.InnerException),
        AmazonClientException client => IsNetworkFailure(client.InnerException),
        _ => IsNetworkFailure(exception),
    };

    private static bool IsNetworkFailure(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException or SocketException or IOException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
