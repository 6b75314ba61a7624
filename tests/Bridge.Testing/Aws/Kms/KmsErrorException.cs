namespace Bridge.Testing.Aws.Kms;

/// <summary>An AWS error the fake answers with (HTTP 400, <c>{"__type": ..., "message": ...}</c>).</summary>
internal sealed class KmsErrorException : Exception
{
    public KmsErrorException()
    {
        ErrorType = "ValidationException";
    }

    public KmsErrorException(string message)
        : base(message)
    {
        ErrorType = "ValidationException";
    }

    public KmsErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorType = "ValidationException";
    }

    public KmsErrorException(string errorType, string message)
        : base(message)
    {
        ErrorType = errorType;
    }

    public string ErrorType { get; }
}
