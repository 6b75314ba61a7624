using System.Net;

namespace Bridge.Client.Evidence;

/// <summary>STS did not issue a web identity token: it refused the request, was unreachable, or answered nonsense.</summary>
public sealed class StsWebIdentityTokenException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StsWebIdentityTokenException()
        : this("STS GetWebIdentityToken failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public StsWebIdentityTokenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StsWebIdentityTokenException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an STS error answer.</summary>
    public StsWebIdentityTokenException(string message, string? errorCode, HttpStatusCode? statusCode, Exception? innerException)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    /// <summary>The STS error code (for example <c>OutboundWebIdentityFederationDisabledException</c>), if STS answered.</summary>
    public string? ErrorCode { get; }

    /// <summary>The HTTP status of STS's answer, if it answered.</summary>
    public HttpStatusCode? StatusCode { get; }
}
