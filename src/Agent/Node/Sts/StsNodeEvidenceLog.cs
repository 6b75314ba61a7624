using Microsoft.Extensions.Logging;

namespace Bridge.Agent.Node.Sts;

/// <summary>Source-generated log messages of the agent's STS node evidence (event ids 8150–8159). Tokens are never logged.</summary>
internal static partial class StsNodeEvidenceLog
{
    [LoggerMessage(EventId = 8150, Level = LogLevel.Information, Message = "aws_sts: got a web identity token from STS in {Region}, valid for {Lifetime}.")]
    public static partial void TokenIssued(ILogger logger, string region, TimeSpan lifetime);

    [LoggerMessage(EventId = 8151, Level = LogLevel.Warning, Message = "aws_sts: STS GetWebIdentityToken failed in {Region} ({ErrorCode}): {Reason}")]
    public static partial void TokenFailed(ILogger logger, string region, string errorCode, string reason);
}
