using Microsoft.Extensions.Logging;

namespace Bridge.Authority.Aws.Kms.Envelope;

/// <summary>
/// Source-generated log messages of the envelope key manager (event ids 3100–3199). They name key ids, key specs and
/// KMS key ARNs only: never a private key, plaintext, ciphertext or signature.
/// </summary>
internal static partial class EnvelopeLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Generated envelope key {KeyId} ({KeyPairSpec}) encrypted under KMS key {WrappingKeyArn}.")]
    public static partial void KeyGenerated(ILogger logger, string keyId, string keyPairSpec, string wrappingKeyArn);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Decrypted envelope key {KeyId} into memory; it is not decrypted again in this process.")]
    public static partial void KeyDecrypted(ILogger logger, string keyId);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Deleted envelope key {KeyId} from state document {DocumentName}.")]
    public static partial void KeyDeleted(ILogger logger, string keyId, string documentName);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "KMS refused to decrypt envelope key {KeyId} ({ErrorCode}): its ciphertext is bound to another key id or namespace, was altered, or was made under another KMS key. The key is not used.")]
    public static partial void CiphertextRefused(ILogger logger, string keyId, string errorCode);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Error, Message = "The decrypted private key of envelope key {KeyId} does not match its stored public key; the state document was altered. The key is not used.")]
    public static partial void PublicKeyMismatch(ILogger logger, string keyId);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Debug, Message = "State document {DocumentName} changed under write attempt {Attempt}; re-reading.")]
    public static partial void WriteConflict(ILogger logger, string documentName, int attempt);
}
