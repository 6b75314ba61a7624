using System.Net;

namespace Bridge.Testing.Aws;

/// <summary>
/// An AWS JSON-protocol error a fake server answers with (<c>{"__type": ..., "message": ...}</c>, HTTP 400 unless
/// told otherwise), thrown by an operation and turned into the response by the fake's dispatcher.
/// </summary>
internal sealed class AwsJsonErrorException : Exception
{
    public AwsJsonErrorException()
    {
        ErrorType = "ValidationException";
    }

    public AwsJsonErrorException(string message)
        : base(message)
    {
        ErrorType = "ValidationException";
    }

    public AwsJsonErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorType = "ValidationException";
    }

    public AwsJsonErrorException(string errorType, string message, HttpStatusCode status = HttpStatusCode.BadRequest)
        : base(message)
    {
        ErrorType = errorType;
        Status = status;
    }

    public string ErrorType { get; }

    public HttpStatusCode Status { get; } = HttpStatusCode.BadRequest;
}
