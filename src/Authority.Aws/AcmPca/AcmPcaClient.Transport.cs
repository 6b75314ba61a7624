using System.Collections.Frozen;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Bridge.Abstractions;
using Bridge.Authority.Aws.Kms;

namespace Bridge.Authority.Aws.AcmPca;

/// <summary>Signing, sending and bounded retries with full jitter.</summary>
public sealed partial class AcmPcaClient
{
    private const string TargetPrefix = "ACMPrivateCA.";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/x-amz-json-1.1");

    /// <summary>PCA error names that mean "try again later", whatever their HTTP status.</summary>
    private static readonly FrozenSet<string> TransientErrorCodes =
        AwsErrorCodes.Transient("ServiceUnavailable", "InternalFailure", "InternalServerException");

    /// <summary>True for throttling and server-side faults; false for the caller's mistakes and PCA's refusals.</summary>
    internal static bool IsTransient(AcmPcaError error) =>
        TransientErrorCodes.Contains(error.Code) || error.StatusCode >= 500 || error.StatusCode == 429;

    private async Task<AcmPcaResult<TResponse>> SendAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
        where TResponse : class
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            AcmPcaError error;
            Exception? failure = null;
            try
            {
                var (status, responseBody, errorTypeHeader) = await SendOnceAsync(operation, body, cancellationToken).ConfigureAwait(false);
                if (status is >= 200 and < 300)
                {
                    return Deserialize(operation, responseBody, responseType);
                }

                error = ReadError(status, responseBody, errorTypeHeader);
                if (!IsTransient(error))
                {
                    return AcmPcaResult<TResponse>.Failure(error);
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException
                // A timeout inside the HTTP stack, not the caller's cancellation.
                || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                failure = exception;
                error = new AcmPcaError(exception.GetType().Name, "The request did not complete.", 0);
            }

            if (attempt >= _options.MaxAttempts)
            {
                AcmPcaLog.GaveUp(_logger, operation, attempt, error.Code);
                var message = $"ACM PCA {operation} failed after {attempt} attempts ({error.Code}).";
                throw failure is null ? new DependencyUnavailableException(message) : new DependencyUnavailableException(message, failure);
            }

            var delay = RetryBackoff.FullJitter(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay);
            AcmPcaLog.Retrying(_logger, operation, attempt, error.Code, (long)delay.TotalMilliseconds);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static AcmPcaResult<TResponse> Deserialize<TResponse>(string operation, byte[] body, JsonTypeInfo<TResponse> responseType)
        where TResponse : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, responseType) is { } value
                ? AcmPcaResult<TResponse>.Success(value)
                : AcmPcaResult<TResponse>.Failure(Malformed($"{operation} returned an empty body."));
        }
        catch (JsonException)
        {
            return AcmPcaResult<TResponse>.Failure(Malformed($"{operation} returned a body that is not PCA's JSON."));
        }
    }

    private async Task<(int Status, byte[] Body, string? ErrorTypeHeader)> SendOnceAsync(string operation, byte[] body, CancellationToken cancellationToken)
    {
        var credentials = await GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = JsonContentType;
        request.Headers.Add("X-Amz-Target", TargetPrefix + operation);
        AwsSigV4.Sign(request, body, credentials, _region, ServiceName, _timeProvider.GetUtcNow());
        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var responseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        return ((int)response.StatusCode, responseBody, errorType);
    }

    private async Task<ImmutableCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        // Resolved on first use, not in the constructor: the default chain may read files or call a credentials endpoint.
        var credentials = _credentials ??= await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null!).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return await credentials.GetCredentialsAsync().ConfigureAwait(false);
    }
}
