using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions;
using Bridge.Abstractions.Upstream;
using Bridge.Authority.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.AcmPca;

/// <summary>
/// ACM Private CA as Bridge's upstream authority (SPIRE's <c>aws_pca</c>): PCA signs Bridge's intermediate CA, whose
/// key stays in Bridge's key manager, and Bridge signs leaves. PCA is called once per CA rotation, never per SVID.
/// The CA must be ACTIVE and in GENERAL_PURPOSE mode; each mint checks both, so a CA disabled later is reported.
/// </summary>
public sealed partial class AcmPcaUpstreamAuthority : IUpstreamAuthority
{
    private readonly AcmPcaUpstreamOptions _options;
    private readonly IAcmPcaClient _client;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AcmPcaUpstreamAuthority> _logger;

    /// <summary>Creates the authority; nothing is called until <see cref="CheckCertificateAuthorityAsync"/> or a mint.</summary>
    /// <param name="options">The CA, template and polling settings.</param>
    /// <param name="client">Talks to ACM PCA.</param>
    /// <param name="timeProvider">The clock: validity and the issuance wait.</param>
    /// <param name="logger">Logs issuance.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public AcmPcaUpstreamAuthority(
        IOptions<AcmPcaUpstreamOptions> options, IAcmPcaClient client, TimeProvider timeProvider, ILogger<AcmPcaUpstreamAuthority> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        OptionsCheck.ThrowIfInvalid(_options, new AcmPcaUpstreamOptionsValidator());

        _client = client;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// The start check: the CA exists, is ACTIVE, is in GENERAL_PURPOSE mode and has a key Bridge can use. Call it at
    /// start to fail fast; every mint repeats it.
    /// </summary>
    /// <returns>The CA's description.</returns>
    /// <exception cref="InvalidOperationException">The CA cannot sign Bridge's intermediate; the message says why and what to change.</exception>
    /// <exception cref="DependencyUnavailableException">PCA is throttling or unreachable beyond the retries.</exception>
    public async Task<AcmPcaCertificateAuthority> CheckCertificateAuthorityAsync(CancellationToken cancellationToken)
    {
        var result = await _client.DescribeCertificateAuthorityAsync(_options.CertificateAuthorityArn, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"ACM PCA DescribeCertificateAuthority for {_options.CertificateAuthorityArn} failed: {result.Error}. " +
                "Check the ARN and that Bridge's role may call acm-pca:DescribeCertificateAuthority.");
        }

        var ca = result.Value;
        if (ca.Status != "ACTIVE")
        {
            throw new InvalidOperationException(
                $"ACM PCA {ca.Arn} is {ca.Status}, not ACTIVE, so it cannot sign Bridge's intermediate CA. {StatusAdvice(ca.Status)}");
        }

        if (ca.UsageMode == "SHORT_LIVED_CERTIFICATE")
        {
            throw new InvalidOperationException(
                $"ACM PCA {ca.Arn} is in SHORT_LIVED_CERTIFICATE mode. A short-lived CA must be the last CA in its hierarchy, so it " +
                "cannot sign Bridge's intermediate CA (Bridge signs the leaves). Use a CA in GENERAL_PURPOSE mode as Bridge's upstream.");
        }

        if (ca.UsageMode != "GENERAL_PURPOSE")
        {
            throw new InvalidOperationException($"ACM PCA {ca.Arn} has usage mode '{ca.UsageMode}'; Bridge needs GENERAL_PURPOSE.");
        }

        _ = SigningAlgorithmFor(ca);
        return ca;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The request is malformed or badly signed.</exception>
    /// <exception cref="InvalidOperationException">The CA cannot be used, or refused the request, or returned a certificate Bridge cannot use.</exception>
    /// <exception cref="DependencyUnavailableException">PCA is throttling, unreachable, or did not issue within the issuance timeout.</exception>
    public async Task<UpstreamCaChain> MintX509CaAsync(ReadOnlyMemory<byte> csrDer, TimeSpan preferredTtl, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(preferredTtl, TimeSpan.Zero);
        var requestedKey = CsrPublicKey(csrDer);
        var ca = await CheckCertificateAuthorityAsync(cancellationToken).ConfigureAwait(false);

        var now = _timeProvider.GetUtcNow();
        var notAfter = DateTimeOffset.FromUnixTimeSeconds((now + preferredTtl).ToUnixTimeSeconds());
        if (ca.NotAfter is { } caNotAfter && caNotAfter < notAfter)
        {
            // PCA refuses a validity beyond its own certificate's; the intermediate then simply rotates sooner.
            notAfter = DateTimeOffset.FromUnixTimeSeconds(caNotAfter.ToUnixTimeSeconds());
        }

        if (notAfter <= now)
        {
            throw new InvalidOperationException($"ACM PCA {ca.Arn}'s certificate expires at {ca.NotAfter:O}; it cannot sign a CA that outlives it.");
        }

        var issue = await _client.IssueCertificateAsync(
            new AcmPcaIssueCertificateRequest(
                ca.Arn,
                PemEncoding.WriteString("CERTIFICATE REQUEST", csrDer.Span),
                SigningAlgorithmFor(ca),
                _options.TemplateArn,
                notAfter,
                IdempotencyToken(csrDer.Span)),
            cancellationToken).ConfigureAwait(false);
        if (!issue.Succeeded)
        {
            throw new InvalidOperationException($"ACM PCA {ca.Arn} refused to issue Bridge's intermediate CA: {issue.Error}.");
        }

        AcmPcaLog.IssueRequested(_logger, ca.Arn, issue.Value);
        var issued = await WaitForCertificateAsync(ca.Arn, issue.Value, cancellationToken).ConfigureAwait(false);
        var chain = await AssembleChainAsync(ca.Arn, issued, requestedKey, cancellationToken).ConfigureAwait(false);
        var intermediate = chain.CaChain[0];
        AcmPcaLog.Issued(_logger, issue.Value, intermediate.SerialNumber, new DateTimeOffset(intermediate.NotAfter.ToUniversalTime()));
        return chain;
    }

    /// <summary>
    /// The <c>IdempotencyToken</c> for a CSR: 32 hex characters of its SHA-256. A retried IssueCertificate for the same
    /// request (PCA remembers tokens for five minutes) returns the certificate already issued instead of a second one.
    /// </summary>
    internal static string IdempotencyToken(ReadOnlySpan<byte> csrDer) => Convert.ToHexStringLower(SHA256.HashData(csrDer))[..32];

    private string SigningAlgorithmFor(AcmPcaCertificateAuthority ca)
    {
        if (!string.IsNullOrEmpty(_options.SigningAlgorithm))
        {
            return ca.KeyAlgorithm is null || AcmPcaSigningAlgorithms.Fits(_options.SigningAlgorithm, ca.KeyAlgorithm)
                ? _options.SigningAlgorithm
                : throw new InvalidOperationException(
                    $"{AcmPcaUpstreamOptions.SectionName}:{nameof(AcmPcaUpstreamOptions.SigningAlgorithm)} {_options.SigningAlgorithm} does not fit ACM PCA {ca.Arn}'s {ca.KeyAlgorithm} key.");
        }

        return AcmPcaSigningAlgorithms.ForKeyAlgorithm(ca.KeyAlgorithm)
            ?? throw new InvalidOperationException(
                $"ACM PCA {ca.Arn} has key algorithm '{ca.KeyAlgorithm}', which Bridge cannot use; use an EC_prime256v1, EC_secp384r1, EC_secp521r1 or RSA CA.");
    }

    private static string StatusAdvice(string status) => status switch
    {
        "PENDING_CERTIFICATE" => "Install its CA certificate first (ImportCertificateAuthorityCertificate).",
        "CREATING" => "Wait until PCA has created it.",
        "DISABLED" => "Enable it (UpdateCertificateAuthority --status ACTIVE) or point Bridge at another CA.",
        "EXPIRED" => "Its CA certificate has expired; renew it or point Bridge at another CA.",
        "DELETED" => "It is scheduled for deletion; restore it (RestoreCertificateAuthority) or point Bridge at another CA.",
        "FAILED" => "Its creation failed; create a new CA.",
        _ => "Point Bridge at an ACTIVE CA.",
    };

    private static byte[] CsrPublicKey(ReadOnlyMemory<byte> csrDer)
    {
        // The request comes from Bridge itself, so a bad one is a bug: an exception, not a failure value.
        try
        {
            var request = CertificateRequest.LoadSigningRequest(
                csrDer.Span, HashAlgorithmName.SHA256, out var consumed, CertificateRequestLoadOptions.Default);
            return consumed == csrDer.Length
                ? request.PublicKey.ExportSubjectPublicKeyInfo()
                : throw new ArgumentException("The CA signing request has trailing data.", nameof(csrDer));
        }
        catch (CryptographicException exception)
        {
            throw new ArgumentException("The CA signing request is malformed or its signature does not verify.", nameof(csrDer), exception);
        }
    }
}
