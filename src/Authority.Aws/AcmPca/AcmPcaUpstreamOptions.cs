namespace Bridge.Authority.Aws.AcmPca;

/// <summary>Settings of <see cref="AcmPcaUpstreamAuthority"/>. Bound from configuration section <c>Bridge:Upstream:AcmPca</c>.</summary>
public sealed class AcmPcaUpstreamOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Upstream:AcmPca";

    /// <summary>
    /// The template SPIRE's <c>aws_pca</c> uses: a subordinate CA that may sign leaves but no further CAs, which is all
    /// Bridge's intermediate does.
    /// </summary>
    public const string DefaultTemplateArn = "arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1";

    /// <summary>
    /// The private CA that signs Bridge's intermediate, e.g.
    /// <c>arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555</c>.
    /// </summary>
    public string CertificateAuthorityArn { get; set; } = string.Empty;

    /// <summary>The AWS Region; empty for the CA ARN's own Region (a private CA is only reachable in its Region).</summary>
    public string? Region { get; set; }

    /// <summary>An explicit endpoint (a VPC endpoint, or a local test endpoint); empty for the Region's endpoint.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>
    /// The algorithm the CA signs Bridge's intermediate with (<c>SHA256WITHECDSA</c>, <c>SHA384WITHECDSA</c>,
    /// <c>SHA512WITHECDSA</c>, <c>SHA256WITHRSA</c>, <c>SHA384WITHRSA</c>, <c>SHA512WITHRSA</c>); empty to derive it
    /// from the CA's key algorithm (SHA-256 for P-256 and RSA, SHA-384 for P-384, SHA-512 for P-521).
    /// </summary>
    public string? SigningAlgorithm { get; set; }

    /// <summary>The ACM PCA certificate template; it must issue a subordinate CA certificate.</summary>
    public string TemplateArn { get; set; } = DefaultTemplateArn;

    /// <summary>How many times a throttled or failed PCA call is attempted in all before giving up (1–10).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The base of the exponential back-off between attempts; each delay is drawn uniformly below its cap.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The cap of any single back-off delay.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long to wait for PCA to issue the certificate (issuance is asynchronous) before treating PCA as unavailable;
    /// SPIRE's <c>aws_pca</c> waits 3 minutes. At most 15 minutes.
    /// </summary>
    public TimeSpan IssuanceTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The wait before the first <c>GetCertificate</c> and the base of the doubling poll interval.</summary>
    public TimeSpan PollInitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two <c>GetCertificate</c> polls.</summary>
    public TimeSpan PollMaxDelay { get; set; } = TimeSpan.FromSeconds(10);
}
