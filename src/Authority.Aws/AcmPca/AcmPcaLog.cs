using Microsoft.Extensions.Logging;

namespace Bridge.Authority.Aws.AcmPca;

/// <summary>Source-generated log messages of the ACM PCA upstream (event ids 3200–3299). Certificates' keys and request signatures are never logged.</summary>
internal static partial class AcmPcaLog
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning, Message = "ACM PCA {Operation} attempt {Attempt} failed ({ErrorCode}); retrying in {DelayMilliseconds} ms.")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, string errorCode, long delayMilliseconds);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Error, Message = "ACM PCA {Operation} failed after {Attempts} attempts ({ErrorCode}); PCA is treated as unavailable.")]
    public static partial void GaveUp(ILogger logger, string operation, int attempts, string errorCode);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "ACM PCA {CaArn} is issuing {CertificateArn} for Bridge's intermediate CA.")]
    public static partial void IssueRequested(ILogger logger, string caArn, string certificateArn);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Debug, Message = "ACM PCA certificate {CertificateArn} is still being issued (poll {Poll}); asking again in {DelayMilliseconds} ms.")]
    public static partial void StillIssuing(ILogger logger, string certificateArn, int poll, long delayMilliseconds);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Information, Message = "ACM PCA issued Bridge's intermediate CA {CertificateArn} (serial {SerialNumber}, valid until {NotAfter:O}).")]
    public static partial void Issued(ILogger logger, string certificateArn, string serialNumber, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Error, Message = "ACM PCA did not issue {CertificateArn} within {Timeout}; PCA is treated as unavailable.")]
    public static partial void IssuanceTimedOut(ILogger logger, string certificateArn, TimeSpan timeout);
}
