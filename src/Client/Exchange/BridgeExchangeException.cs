using System.Net;

namespace Bridge.Client.Exchange;

/// <summary>
/// An exchange that did not produce an SVID: an OAuth error from Bridge (<see cref="Error"/> is the RFC 6749 code),
/// Bridge unreachable after every retry, or a response the client could not accept.
/// </summary>
public sealed class BridgeExchangeException : Exception
{
    /// <summary>The <see cref="Error"/> when no HTTP answer came back (network failure or timeout on every attempt).</summary>
    public const string Unreachable = "bridge_unreachable";

    /// <summary>The <see cref="Error"/> when Bridge answered with something that is not a valid exchange response.</summary>
    public const string InvalidResponse = "invalid_response";

    /// <summary>Creates the exception.</summary>
    public BridgeExchangeException(string error, string? description, HttpStatusCode? statusCode, Exception? innerException = null)
        : base(Describe(error, description, statusCode), innerException)
    {
        Error = error;
        ErrorDescription = description;
        StatusCode = statusCode;
    }

    /// <summary>Creates the exception with a message only (required by the exception pattern).</summary>
    public BridgeExchangeException()
        : this(InvalidResponse, null, null)
    {
    }

    /// <summary>Creates the exception with a message only (required by the exception pattern).</summary>
    public BridgeExchangeException(string message)
        : this(InvalidResponse, message, null)
    {
    }

    /// <summary>Creates the exception with a message only (required by the exception pattern).</summary>
    public BridgeExchangeException(string message, Exception innerException)
        : this(InvalidResponse, message, null, innerException)
    {
    }

    /// <summary>The OAuth <c>error</c> code (for example <c>invalid_request</c>), or one of this class's constants.</summary>
    public string Error { get; }

    /// <summary>The <c>error_description</c>; Bridge's are fixed strings that never echo input.</summary>
    public string? ErrorDescription { get; }

    /// <summary>The HTTP status, or null when no answer came back.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>
    /// True when trying again later may succeed (Bridge unavailable, throttled or unreachable); false when the request
    /// itself was refused and repeating it cannot help.
    /// </summary>
    public bool IsTransient =>
        (StatusCode is null or HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
        && Error != InvalidResponse;

    private static string Describe(string error, string? description, HttpStatusCode? statusCode) =>
        "The SVID exchange failed: " + error
        + (statusCode is { } status ? " (HTTP " + (int)status + ")" : string.Empty)
        + (description is null ? "." : ": " + description);
}
