using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Bridge.LambdaHosting.Server;

/// <summary>Response-side features: everything is buffered, so "starting" only runs the OnStarting callbacks.</summary>
internal sealed partial class LambdaInvocationFeatures : IHttpResponseFeature, IHttpResponseBodyFeature
{
    private readonly MemoryStream _responseBody = new();
    private readonly Stack<(Func<object, Task> Callback, object State)> _onStarting = new();
    private readonly Stack<(Func<object, Task> Callback, object State)> _onCompleted = new();
    private PipeWriter? _writer;

    /// <inheritdoc/>
    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    /// <inheritdoc/>
    public string? ReasonPhrase { get; set; }

    /// <summary>The response headers.</summary>
    public IHeaderDictionary ResponseHeaders { get; set; } = new HeaderDictionary();

    IHeaderDictionary IHttpResponseFeature.Headers
    {
        get => ResponseHeaders;
        set => ResponseHeaders = value;
    }

    [Obsolete("Use IHttpResponseBodyFeature.Stream instead.")]
    Stream IHttpResponseFeature.Body
    {
        get => _responseBody;
        set => throw new NotSupportedException("The Lambda server buffers the response; replace IHttpResponseBodyFeature instead.");
    }

    /// <inheritdoc/>
    public bool HasStarted { get; private set; }

    /// <inheritdoc/>
    public Stream Stream => _responseBody;

    /// <inheritdoc/>
    public PipeWriter Writer => _writer ??= PipeWriter.Create(_responseBody, new StreamPipeWriterOptions(leaveOpen: true));

    /// <summary>The buffered response body once <see cref="CompleteAsync"/> has run.</summary>
    public ReadOnlyMemory<byte> ResponseBodyBytes => _responseBody.GetBuffer().AsMemory(0, (int)_responseBody.Length);

    /// <inheritdoc/>
    public void OnStarting(Func<object, Task> callback, object state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (HasStarted)
        {
            throw new InvalidOperationException("The response has already started.");
        }

        _onStarting.Push((callback, state));
    }

    /// <inheritdoc/>
    public void OnCompleted(Func<object, Task> callback, object state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        _onCompleted.Push((callback, state));
    }

    /// <inheritdoc/>
    public void DisableBuffering()
    {
        // The whole response is one JSON document: there is nothing to stream.
    }

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (HasStarted)
        {
            return;
        }

        HasStarted = true;
        while (_onStarting.TryPop(out var entry))
        {
            await entry.Callback(entry.State).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        await SendFileFallback.SendFileAsync(_responseBody, path, offset, count, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task CompleteAsync()
    {
        await StartAsync().ConfigureAwait(false);
        if (_writer is not null)
        {
            await _writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs the OnCompleted callbacks, last registered first, as Kestrel does.</summary>
    public async Task FireOnCompletedAsync()
    {
        while (_onCompleted.TryPop(out var entry))
        {
            await entry.Callback(entry.State).ConfigureAwait(false);
        }
    }

    /// <summary>Discards whatever the application produced, for a failed invocation answered with a bare 500.</summary>
    public void ResetResponse()
    {
        StatusCode = StatusCodes.Status500InternalServerError;
        ReasonPhrase = null;
        ResponseHeaders = new HeaderDictionary();
        _responseBody.SetLength(0);
    }
}
