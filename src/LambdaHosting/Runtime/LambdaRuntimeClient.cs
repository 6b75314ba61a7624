using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Bridge.LambdaHosting.Events;

namespace Bridge.LambdaHosting.Runtime;

/// <summary>
/// Speaks the Lambda Runtime API (version 2018-06-01) at <c>http://{AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/…</c>.
/// </summary>
/// <remarks>
/// The <see cref="HttpClient"/> must have an infinite timeout: <c>/next</c> long-polls until an event arrives, and the
/// execution environment may be frozen in between.
/// </remarks>
internal sealed class LambdaRuntimeClient
{
    /// <summary>Error type header value for an event that is not an HTTP API payload 2.0 request.</summary>
    public const string InvalidEventErrorType = "Runtime.InvalidEvent";

    /// <summary>Error type header value for a failure before the first invocation.</summary>
    public const string InitErrorType = "Runtime.InitError";

    /// <summary>The error type reported when a non-HTTP event handler fails.</summary>
    public const string HandlerErrorType = "Function.HandlerFailed";

    private const string FunctionErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    private readonly HttpClient _httpClient;
    private readonly Uri _baseUri;

    /// <summary>Creates a client for the Runtime API at <paramref name="runtimeApi"/> (<c>host:port</c>).</summary>
    public LambdaRuntimeClient(HttpClient httpClient, string runtimeApi)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeApi);
        _httpClient = httpClient;
        _baseUri = new Uri($"http://{runtimeApi}/2018-06-01/runtime/", UriKind.Absolute);
    }

    /// <summary>Long-polls for the next invocation.</summary>
    /// <exception cref="HttpRequestException">The Runtime API is unreachable or answered with an error.</exception>
    public async Task<LambdaInvocation> GetNextInvocationAsync(CancellationToken cancellationToken)
    {
        using var response = await _httpClient.GetAsync(new Uri(_baseUri, "invocation/next"), HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var requestId = SingleHeader(response, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new HttpRequestException("The Runtime API returned an invocation without Lambda-Runtime-Aws-Request-Id.");
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new LambdaInvocation(
            requestId,
            ParseDeadline(SingleHeader(response, "Lambda-Runtime-Deadline-Ms")),
            SingleHeader(response, "Lambda-Runtime-Trace-Id"),
            SingleHeader(response, "Lambda-Runtime-Invoked-Function-Arn"),
            body);
    }

    /// <summary>Posts the function's response for <paramref name="requestId"/>.</summary>
    public async Task PostResponseAsync(string requestId, HttpApiV2Response response, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(response, LambdaJsonContext.Default.HttpApiV2Response);
        await PostAsync(InvocationUri(requestId, "response"), bytes, errorType: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Posts an already serialized JSON response for <paramref name="requestId"/>.</summary>
    public Task PostRawResponseAsync(string requestId, byte[] json, CancellationToken cancellationToken) =>
        PostAsync(InvocationUri(requestId, "response"), json, errorType: null, cancellationToken);

    /// <summary>Reports that invocation <paramref name="requestId"/> failed without a response.</summary>
    public async Task PostInvocationErrorAsync(string requestId, string errorType, LambdaErrorPayload error, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(error, LambdaJsonContext.Default.LambdaErrorPayload);
        await PostAsync(InvocationUri(requestId, "error"), bytes, errorType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reports an initialization failure, synchronously: it runs from an unhandled-exception handler, where the
    /// process ends as soon as the handler returns.
    /// </summary>
    public void PostInitError(LambdaErrorPayload error)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(error, LambdaJsonContext.Default.LambdaErrorPayload);
        using var request = CreatePost(new Uri(_baseUri, "init/error"), bytes, InitErrorType);
        using var response = _httpClient.Send(request);
        response.EnsureSuccessStatusCode();
    }

    private Uri InvocationUri(string requestId, string action) =>
        new(_baseUri, $"invocation/{Uri.EscapeDataString(requestId)}/{action}");

    private async Task PostAsync(Uri uri, byte[] body, string? errorType, CancellationToken cancellationToken)
    {
        using var request = CreatePost(uri, body, errorType);
        using var response = await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static HttpRequestMessage CreatePost(Uri uri, byte[] body, string? errorType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonMediaType;
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content, Version = HttpVersion.Version11 };
        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation(FunctionErrorTypeHeader, errorType);
        }

        return request;
    }

    private static string? SingleHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static DateTimeOffset? ParseDeadline(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
        && milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : null;
}
