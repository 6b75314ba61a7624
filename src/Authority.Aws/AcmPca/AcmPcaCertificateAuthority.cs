namespace Bridge.Authority.Aws.AcmPca;

/// <summary>What <c>DescribeCertificateAuthority</c> says about a private CA (the parts Bridge checks).</summary>
/// <param name="Arn">The CA's ARN.</param>
/// <param name="Status">CREATING, PENDING_CERTIFICATE, ACTIVE, DELETED, DISABLED, EXPIRED or FAILED.</param>
/// <param name="Type">ROOT or SUBORDINATE.</param>
/// <param name="UsageMode">GENERAL_PURPOSE or SHORT_LIVED_CERTIFICATE.</param>
/// <param name="KeyAlgorithm">The CA key, e.g. <c>EC_prime256v1</c> or <c>RSA_2048</c>.</param>
/// <param name="SigningAlgorithm">The CA's configured signing algorithm.</param>
/// <param name="NotBefore">Start of the CA certificate's validity, when known.</param>
/// <param name="NotAfter">End of the CA certificate's validity, when known.</param>
public sealed record AcmPcaCertificateAuthority(
    string Arn,
    string Status,
    string? Type,
    string UsageMode,
    string? KeyAlgorithm,
    string? SigningAlgorithm,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter);
