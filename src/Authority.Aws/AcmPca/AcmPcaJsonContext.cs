using System.Text.Json.Serialization;

namespace Bridge.Authority.Aws.AcmPca;

/// <summary>Source-generated JSON for PCA's wire shapes (JSON 1.1: PascalCase members, blobs as base64, times as epoch seconds).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CertificateAuthorityArnWire))]
[JsonSerializable(typeof(DescribeCertificateAuthorityResponseWire))]
[JsonSerializable(typeof(IssueCertificateRequestWire))]
[JsonSerializable(typeof(IssueCertificateResponseWire))]
[JsonSerializable(typeof(GetCertificateRequestWire))]
[JsonSerializable(typeof(CertificateResponseWire))]
internal sealed partial class AcmPcaJsonContext : JsonSerializerContext;

internal sealed record CertificateAuthorityArnWire(string CertificateAuthorityArn);

internal sealed record DescribeCertificateAuthorityResponseWire(CertificateAuthorityWire? CertificateAuthority);

internal sealed record CertificateAuthorityWire(
    string? Arn,
    string? Status,
    string? Type,
    string? UsageMode,
    CertificateAuthorityConfigurationWire? CertificateAuthorityConfiguration,
    double? NotBefore,
    double? NotAfter);

internal sealed record CertificateAuthorityConfigurationWire(string? KeyAlgorithm, string? SigningAlgorithm);

internal sealed record IssueCertificateRequestWire(
    string CertificateAuthorityArn,
    byte[] Csr,
    string SigningAlgorithm,
    string TemplateArn,
    ValidityWire Validity,
    string IdempotencyToken);

internal sealed record ValidityWire(string Type, long Value);

internal sealed record IssueCertificateResponseWire(string? CertificateArn);

internal sealed record GetCertificateRequestWire(string CertificateAuthorityArn, string CertificateArn);

internal sealed record CertificateResponseWire(string? Certificate, string? CertificateChain);
