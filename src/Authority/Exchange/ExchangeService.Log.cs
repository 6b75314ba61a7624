using Bridge.Abstractions.Attestation;
using Bridge.Authority.Issuance.X509;
using Microsoft.Extensions.Logging;

namespace Bridge.Authority.Exchange;

public sealed partial class ExchangeService
{
    /// <summary>Audit events of the exchange (event IDs 2000–2099). They carry facts, never the presented token.</summary>
    private static partial class Log
    {
        [LoggerMessage(2000, LogLevel.Information, "Attestation succeeded: attestor {Attestor}, issuer {Issuer}, subject {Subject}, {SelectorCount} selectors")]
        public static partial void AttestationSucceeded(ILogger logger, string attestor, string issuer, string subject, int selectorCount);

        [LoggerMessage(2001, LogLevel.Warning, "Attestation failed: attestor {Attestor}, failure {FailureKind}, detail {Detail}")]
        public static partial void AttestationFailed(ILogger logger, string attestor, AttestationFailureKind failureKind, string? detail);

        [LoggerMessage(2002, LogLevel.Warning, "Exchange refused: no attestor for subject token type {SubjectTokenType}")]
        public static partial void UnsupportedTokenType(ILogger logger, string subjectTokenType);

        [LoggerMessage(2003, LogLevel.Warning, "Exchange denied: {FailureKind}, attestor {Attestor}, subject {Subject}")]
        public static partial void ExchangeDenied(ILogger logger, ExchangeFailureKind failureKind, string attestor, string subject);

        [LoggerMessage(2004, LogLevel.Information, "JWT-SVID issued: {SpiffeId}, entry {EntryId}, attestor {Attestor}, subject {Subject}, jti {TokenId}, expires {ExpiresAt:O}")]
        public static partial void JwtSvidIssued(ILogger logger, string spiffeId, string entryId, string attestor, string subject, string tokenId, DateTimeOffset expiresAt);

        [LoggerMessage(2005, LogLevel.Information, "X.509-SVID issued: {SpiffeId}, entry {EntryId}, attestor {Attestor}, subject {Subject}, serial {SerialNumber}, expires {ExpiresAt:O}")]
        public static partial void X509SvidIssued(ILogger logger, string spiffeId, string entryId, string attestor, string subject, string serialNumber, DateTimeOffset expiresAt);

        [LoggerMessage(2006, LogLevel.Warning, "Certificate request rejected: {Failure}, attestor {Attestor}, subject {Subject}")]
        public static partial void CertificateRequestRejected(ILogger logger, X509SvidFailure failure, string attestor, string subject);

        [LoggerMessage(2007, LogLevel.Warning, "Entry {EntryId} matched but its SPIFFE ID template could not be rendered from verified values")]
        public static partial void TemplateNotRendered(ILogger logger, string entryId);

        [LoggerMessage(2008, LogLevel.Error, "Dependency {Dependency} failed; the exchange answers temporarily_unavailable")]
        public static partial void DependencyFailed(ILogger logger, string dependency, Exception exception);

        [LoggerMessage(2015, LogLevel.Error, "Replay cache full: the use of verified evidence could not be recorded, exchange refused as temporarily_unavailable; attestor {Attestor}, subject {Subject}")]
        public static partial void ReplayCacheFull(ILogger logger, string attestor, string subject);

        // 2020+ are the registration-entry events (2009-2019 are left to the replay and failure events).
        [LoggerMessage(2020, LogLevel.Warning, "Entry {EntryId} matched but cannot be issued ({Reason}); fix the entry. Attestor {Attestor}, subject {Subject}")]
        public static partial void EntryNotIssuable(ILogger logger, string entryId, string reason, string attestor, string subject);

        [LoggerMessage(2021, LogLevel.Debug, "Not registered: attestor {Attestor} (entries need parent {ParentId}) presented verified selectors {Selectors}; 'bridge entry explain' shows the entries that nearly match")]
        public static partial void NotRegisteredSelectors(ILogger logger, string attestor, string parentId, string selectors);
    }
}
