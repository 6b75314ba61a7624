using System.Collections.Frozen;
using System.Net;
using Amazon.Runtime;
using Bridge.Abstractions;
using Microsoft.Extensions.Logging;

namespace Bridge.Authority.Aws.Kms;

/// <summary>
/// Bounded retries with full jitter for throttled or failing KMS calls, shared by every KMS key manager so that the
/// direct and the envelope mode treat KMS faults alike: transient faults are retried, then surface as
/// <see cref="DependencyUnavailableException"/>; every other error is thrown at once.
/// </summary>
internal sealed class KmsRetryPolicy
{
    /// <summary>KMS error codes that mean "try again later", whatever their HTTP status.</summary>
    private static readonly FrozenSet<string> TransientErrorCodes = AwsErrorCodes.Transient(
        "LimitExceededException", "KMSInternalException", "DependencyTimeoutException", "ServiceUnavailable", "InternalFailure");

    private readonly int _maxAttempts;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public KmsRetryPolicy(int maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        _maxAttempts = maxAttempts;
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>True when <paramref name="exception"/> is a throttle, a server-side fault or a transport failure.</summary>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        AmazonServiceException service => TransientErrorCodes.Contains(service.ErrorCode ?? string.Empty)
            || (int)service.StatusCode >= 500
            || service.StatusCode == HttpStatusCode.TooManyRequests
            || (service.StatusCode == 0 && service.InnerException is HttpRequestException or IOException),
        HttpRequestException or IOException => true,
        // A timeout inside the HTTP stack, not the caller's cancellation.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        AmazonClientException client => client.InnerException is HttpRequestException or IOException,
        _ => false,
    };

    /// <summary>Runs <paramref name="call"/>, retrying transient faults up to the configured number of attempts.</summary>
    /// <exception cref="DependencyUnavailableException">Every attempt failed with a transient fault.</exception>
    public async Task<T> CallAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsTransient(exception, cancellationToken))
            {
                var errorCode = (exception as AmazonServiceException)?.ErrorCode ?? exception.GetType().Name;
                if (attempt >= _maxAttempts)
                {
                    KmsLog.GaveUp(_logger, operation, attempt, errorCode);
                    throw new DependencyUnavailableException($"KMS {operation} failed after {attempt} attempts ({errorCode}).", exception);
                }

                var delay = RetryBackoff.FullJitter(attempt, _baseDelay, _maxDelay);
                KmsLog.Retrying(_logger, operation, attempt, errorCode, (long)delay.TotalMilliseconds);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
