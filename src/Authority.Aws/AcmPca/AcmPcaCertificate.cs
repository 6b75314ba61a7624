namespace Bridge.Authority.Aws.AcmPca;

/// <summary>A certificate from PCA and the chain above it, as PCA returns them.</summary>
/// <param name="CertificatePem">The certificate, PEM.</param>
/// <param name="CertificateChainPem">The issuer first … the root last, PEM; null or empty when there is none.</param>
public sealed record AcmPcaCertificate(string CertificatePem, string? CertificateChainPem);
