namespace Bridge.Authority.Aws.AcmPca;

/// <summary>An <c>IssueCertificate</c> request with an absolute end of validity.</summary>
/// <param name="CertificateAuthorityArn">The issuing CA.</param>
/// <param name="CsrPem">The PEM-encoded PKCS#10 request.</param>
/// <param name="SigningAlgorithm">E.g. <c>SHA256WITHECDSA</c>.</param>
/// <param name="TemplateArn">The certificate template.</param>
/// <param name="NotAfter">The certificate's end of validity (whole seconds; sent as <c>Validity{Type=ABSOLUTE}</c>).</param>
/// <param name="IdempotencyToken">Makes a repeated request within PCA's idempotency window return the same certificate.</param>
public sealed record AcmPcaIssueCertificateRequest(
    string CertificateAuthorityArn,
    string CsrPem,
    string SigningAlgorithm,
    string TemplateArn,
    DateTimeOffset NotAfter,
    string IdempotencyToken);
