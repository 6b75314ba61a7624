using Grpc.Core;

namespace Bridge.Client.WorkloadApi;

/// <summary>
/// The Workload API did not give what was asked: the agent refused (<see cref="StatusCode"/> is its gRPC code), could
/// not be reached, or answered with something this client does not accept.
/// </summary>
public sealed class WorkloadApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkloadApiException(StatusCode statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>Creates the exception with a message only (required by the exception pattern).</summary>
    public WorkloadApiException()
        : this(StatusCode.Unknown, "The Workload API call failed.")
    {
    }

    /// <summary>Creates the exception with a message only (required by the exception pattern).</summary>
    public WorkloadApiException(string message)
        : this(StatusCode.Unknown, message)
    {
    }

    /// <summary>Creates the exception with a message only (required by the exception pattern).</summary>
    public WorkloadApiException(string message, Exception innerException)
        : this(StatusCode.Unknown, message, innerException)
    {
    }

    /// <summary>
    /// The gRPC status: <see cref="StatusCode.PermissionDenied"/> (no identity for this caller),
    /// <see cref="StatusCode.Unavailable"/>, <see cref="StatusCode.InvalidArgument"/>, … <see cref="StatusCode.Internal"/>
    /// when the agent answered with a message this client rejected.
    /// </summary>
    public StatusCode StatusCode { get; }

    /// <summary>
    /// True when the spec says to try again with backoff (<c>Unavailable</c>, <c>PermissionDenied</c>: an agent may
    /// not have the identity yet); false for <c>InvalidArgument</c> and <c>Unimplemented</c>, which repeating cannot fix.
    /// </summary>
    public bool IsTransient => StatusCode is not (StatusCode.InvalidArgument or StatusCode.Unimplemented);
}
