namespace Bridge.Authority.Aws.AcmPca;

/// <summary>
/// Exactly the ACM PCA operations Bridge uses. Throttling, server faults and transport failures are retried inside
/// the client and end in <see cref="Bridge.Abstractions.DependencyUnavailableException"/>; every other AWS error
/// (such as <c>RequestInProgressException</c> while a certificate is being issued) is returned as a value.
/// </summary>
public interface IAcmPcaClient
{
    /// <summary>The CA's status, mode, key algorithm and validity.</summary>
    Task<AcmPcaResult<AcmPcaCertificateAuthority>> DescribeCertificateAuthorityAsync(string certificateAuthorityArn, CancellationToken cancellationToken);

    /// <summary>Starts issuing a certificate; the value is the new certificate's ARN.</summary>
    Task<AcmPcaResult<string>> IssueCertificateAsync(AcmPcaIssueCertificateRequest request, CancellationToken cancellationToken);

    /// <summary>An issued certificate and the chain above it, or <c>RequestInProgressException</c> while it is being issued.</summary>
    Task<AcmPcaResult<AcmPcaCertificate>> GetCertificateAsync(string certificateAuthorityArn, string certificateArn, CancellationToken cancellationToken);

    /// <summary>The CA's own certificate and the chain above it (no chain when the CA is a root).</summary>
    Task<AcmPcaResult<AcmPcaCertificate>> GetCertificateAuthorityCertificateAsync(string certificateAuthorityArn, CancellationToken cancellationToken);
}
