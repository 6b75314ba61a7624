using System.Net;
using System.Text.Json;
using Bridge.Protocol;

namespace Bridge.Client.Exchange;

/// <summary>The attempt loop: which failures are retried, how long to wait, and when to give up.</summary>
public sealed partial class BridgeExchangeClient
{
    private async Task<(TokenExchangeResponse Body, DateTimeOffset IssuedAt)> ExchangeAsync(
        List<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        using var budget = new CancellationTokenSource(_options.TotalTimeout, _time);
        using var total = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var deadline = _time.GetUtcNow() + _options.TotalTimeout;
        BridgeExchangeException? last = null;
        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            TimeSpan? retryAfter;
            try
            {
                var outcome = await AttemptAsync(fields, total.Token, cancellationToken).ConfigureAwait(false);
                if (outcome.Body is { } body)
                {
                    return (body, outcome.IssuedAt);
                }

                last = outcome.Failure!;
                retryAfter = outcome.RetryAfter;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The total budget ran out (an attempt's own timeout is handled inside the attempt).
                throw last ?? Unreachable(null);
            }

            if (attempt == _options.MaxAttempts)
            {
                break;
            }

            var delay = retryAfter is { } wanted ? Min(wanted, _options.MaxBackoff) : Backoff(attempt);
            if (_time.GetUtcNow() + delay >= deadline)
            {
                break;
            }

            Log.Retrying(_logger, attempt, last.Error, (long)delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, _time, total.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        throw last!;
    }

    private async Task<AttemptOutcome> AttemptAsync(
        List<KeyValuePair<string, string>> fields, CancellationToken total, CancellationToken caller)
    {
        // A fresh token per attempt: Bridge remembers every token it has seen, even in a refused request.
        var evidence = await _subjectTokens.GetSubjectTokenAsync(total).ConfigureAwait(false);
        List<KeyValuePair<string, string>> form =
        [
            new(TokenExchangeParameters.GrantType, TokenTypeUris.TokenExchangeGrant),
            new(TokenExchangeParameters.SubjectToken, evidence.Token),
            new(TokenExchangeParameters.SubjectTokenType, evidence.TokenType),
            .. fields,
        ];
        using var attemptBudget = new CancellationTokenSource(_options.AttemptTimeout, _time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(total, attemptBudget.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, _tokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        var issuedAt = _time.GetUtcNow();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attempt.Token).ConfigureAwait(false);
            var content = await response.Content.ReadAsByteArrayAsync(attempt.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return new AttemptOutcome(ParseBody(content), null, null, issuedAt);
            }

            var failure = ParseError(response.StatusCode, content);
            if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
            {
                return new AttemptOutcome(null, failure, RetryAfter(response), issuedAt);
            }

            // 4xx and other answers are Bridge's verdict on this request; repeating it cannot change the verdict.
            throw failure;
        }
        catch (HttpRequestException ex)
        {
            Log.NetworkFailure(_logger, ex.HttpRequestError.ToString());
            return new AttemptOutcome(null, Unreachable(ex), null, issuedAt);
        }
        catch (OperationCanceledException ex) when (!total.IsCancellationRequested && !caller.IsCancellationRequested)
        {
            Log.NetworkFailure(_logger, "AttemptTimeout");
            return new AttemptOutcome(null, Unreachable(ex), null, issuedAt);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static TokenExchangeResponse ParseBody(byte[] content)
    {
        try
        {
            return JsonSerializer.Deserialize(content, ClientJsonContext.Default.TokenExchangeResponse)
                ?? throw Invalid("The response body is empty.");
        }
        catch (JsonException ex)
        {
            throw new BridgeExchangeException(BridgeExchangeException.InvalidResponse, "The response is not a token exchange response.", HttpStatusCode.OK, ex);
        }
    }

    private static BridgeExchangeException ParseError(HttpStatusCode status, byte[] content)
    {
        OAuthErrorResponse? body = null;
        try
        {
            body = content.Length == 0 ? null : JsonSerializer.Deserialize(content, ClientJsonContext.Default.OAuthErrorResponse);
        }
        catch (JsonException)
        {
            // Not an OAuth error body (a proxy's page, say): the status alone has to do.
        }

        var error = string.IsNullOrEmpty(body?.Error) ? DefaultError(status) : body.Error;
        return new BridgeExchangeException(error, body?.ErrorDescription, status);
    }

    private static string DefaultError(HttpStatusCode status) => status switch
    {
        HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests => "temporarily_unavailable",
        >= HttpStatusCode.InternalServerError => "server_error",
        _ => "invalid_request",
    };

    private static BridgeExchangeException Unreachable(Exception? inner) =>
        new(BridgeExchangeException.Unreachable, "Bridge could not be reached.", null, inner);

    private static BridgeExchangeException Invalid(string description) =>
        new(BridgeExchangeException.InvalidResponse, description, HttpStatusCode.OK);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private readonly record struct AttemptOutcome(
        TokenExchangeResponse? Body, BridgeExchangeException? Failure, TimeSpan? RetryAfter, DateTimeOffset IssuedAt);
}
