using Microsoft.AspNetCore.Http.Features;

namespace Bridge.LambdaHosting.Server;

/// <summary>
/// The per-invocation feature set: one object implementing the request, response, body, connection, lifetime and
/// identifier features, the way a server hands a request to <c>IHttpApplication.CreateContext</c>. The response is
/// buffered in memory because an HTTP API response is a single JSON document.
/// </summary>
internal sealed partial class LambdaInvocationFeatures : IDisposable
{
    private readonly CancellationTokenSource _aborted;

    /// <summary>Creates the features; <paramref name="aborted"/> is owned and disposed by this instance.</summary>
    public LambdaInvocationFeatures(CancellationTokenSource aborted)
    {
        ArgumentNullException.ThrowIfNull(aborted);
        _aborted = aborted;
        RequestAborted = aborted.Token;
        Collection = new FeatureCollection();
        Collection.Set<IHttpRequestFeature>(this);
        Collection.Set<IHttpResponseFeature>(this);
        Collection.Set<IHttpResponseBodyFeature>(this);
        Collection.Set<IHttpConnectionFeature>(this);
        Collection.Set<IHttpRequestLifetimeFeature>(this);
        Collection.Set<IHttpRequestIdentifierFeature>(this);
        Collection.Set<IHttpRequestBodyDetectionFeature>(this);
    }

    /// <summary>The collection handed to the application.</summary>
    public IFeatureCollection Collection { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        _aborted.Dispose();
        _responseBody.Dispose();
    }
}
