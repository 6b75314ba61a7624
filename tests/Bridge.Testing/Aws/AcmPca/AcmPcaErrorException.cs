using System.Net;

namespace Bridge.Testing.Aws.AcmPca;

/// <summary>An AWS error the fake answers with (<c>{"__type": ..., "message": ...}</c>).</summary>
internal sealed class AcmPcaErrorException : Exception
{
    public AcmPcaErrorException()
    {
        ErrorType = "ValidationException";
    }

    public AcmPcaErrorException(string message)
        : base(message)
    {
        ErrorType = "ValidationException";
    }

    public AcmPcaErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorType = "ValidationException";
    }

    public AcmPcaErrorException(string errorType, string message, HttpStatusCode status = HttpStatusCode.BadRequest)
        : base(message)
    {
        ErrorType = errorType;
        Status = status;
    }

    public string ErrorType { get; }

    public HttpStatusCode Status { get; } = HttpStatusCode.BadRequest;
}
