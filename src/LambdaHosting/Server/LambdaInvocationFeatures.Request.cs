using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Bridge.LambdaHosting.Server;

/// <summary>Request-side features.</summary>
internal sealed partial class LambdaInvocationFeatures :
    IHttpRequestFeature, IHttpConnectionFeature, IHttpRequestLifetimeFeature, IHttpRequestIdentifierFeature, IHttpRequestBodyDetectionFeature
{
    /// <inheritdoc/>
    public string Protocol { get; set; } = "HTTP/1.1";

    /// <inheritdoc/>
    public string Scheme { get; set; } = "https";

    /// <inheritdoc/>
    public string Method { get; set; } = HttpMethods.Get;

    /// <inheritdoc/>
    public string PathBase { get; set; } = string.Empty;

    /// <inheritdoc/>
    public string Path { get; set; } = "/";

    /// <inheritdoc/>
    public string QueryString { get; set; } = string.Empty;

    /// <inheritdoc/>
    public string RawTarget { get; set; } = "/";

    /// <summary>The request headers.</summary>
    public IHeaderDictionary RequestHeaders { get; set; } = new HeaderDictionary();

    IHeaderDictionary IHttpRequestFeature.Headers
    {
        get => RequestHeaders;
        set => RequestHeaders = value;
    }

    /// <summary>The request body.</summary>
    public Stream RequestBody { get; set; } = Stream.Null;

    Stream IHttpRequestFeature.Body
    {
        get => RequestBody;
        set => RequestBody = value;
    }

    /// <inheritdoc/>
    public bool CanHaveBody { get; set; }

    /// <inheritdoc/>
    public string ConnectionId { get; set; } = string.Empty;

    /// <inheritdoc/>
    public IPAddress? RemoteIpAddress { get; set; }

    /// <inheritdoc/>
    public IPAddress? LocalIpAddress { get; set; }

    /// <inheritdoc/>
    public int RemotePort { get; set; }

    /// <inheritdoc/>
    public int LocalPort { get; set; }

    /// <inheritdoc/>
    public CancellationToken RequestAborted { get; set; }

    /// <inheritdoc/>
    public string TraceIdentifier { get; set; } = string.Empty;

    /// <inheritdoc/>
    public void Abort() => _aborted.Cancel();
}
