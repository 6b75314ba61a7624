using System.Text.Json;
using Amazon.Runtime;
using Bridge.Abstractions;
using Bridge.Authority.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.AcmPca;

/// <summary>
/// <see cref="IAcmPcaClient"/> over PCA's JSON 1.1 protocol (<c>POST /</c>, <c>X-Amz-Target: ACMPrivateCA.&lt;Op&gt;</c>),
/// SigV4-signed, through an injected <see cref="HttpClient"/>. AWSSDK.ACMPCA is not used (it is not on the package
/// feed); this client does only the four calls Bridge needs. Throttling, 5xx and transport failures are retried with
/// full jitter, then reported as <see cref="DependencyUnavailableException"/>.
/// </summary>
public sealed partial class AcmPcaClient : IAcmPcaClient
{
    /// <summary>The SigV4 service name.</summary>
    public const string ServiceName = "acm-pca";

    private readonly HttpClient _httpClient;
    private readonly AcmPcaUpstreamOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AcmPcaClient> _logger;
    private readonly Uri _endpoint;
    private readonly string _region;
    private AWSCredentials? _credentials;

    /// <summary>Creates the client.</summary>
    /// <param name="httpClient">Sends the requests; its timeout bounds each attempt.</param>
    /// <param name="options">Endpoint, Region and retry settings.</param>
    /// <param name="timeProvider">The clock (request dates) and the retry delays.</param>
    /// <param name="logger">Logs retries.</param>
    /// <param name="credentials">Explicit credentials, or null for the SDK's default credential chain (in Lambda: the function's role).</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public AcmPcaClient(
        HttpClient httpClient,
        IOptions<AcmPcaUpstreamOptions> options,
        TimeProvider timeProvider,
        ILogger<AcmPcaClient> logger,
        AWSCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        OptionsCheck.ThrowIfInvalid(_options, new AcmPcaUpstreamOptionsValidator());

        var arn = AcmPcaArn.TryParse(_options.CertificateAuthorityArn, out var parsed) ? parsed : throw new InvalidOperationException("Unreachable: the ARN was validated.");
        _region = string.IsNullOrEmpty(_options.Region) ? arn.Region : _options.Region;
        _endpoint = string.IsNullOrEmpty(_options.ServiceUrl) ? arn.DefaultEndpoint(_region) : new Uri(_options.ServiceUrl);
        _httpClient = httpClient;
        _timeProvider = timeProvider;
        _logger = logger;
        _credentials = credentials;
    }

    /// <inheritdoc/>
    public async Task<AcmPcaResult<AcmPcaCertificateAuthority>> DescribeCertificateAuthorityAsync(string certificateAuthorityArn, CancellationToken cancellationToken)
    {
        var result = await SendAsync(
            "DescribeCertificateAuthority",
            new CertificateAuthorityArnWire(certificateAuthorityArn),
            AcmPcaJsonContext.Default.CertificateAuthorityArnWire,
            AcmPcaJsonContext.Default.DescribeCertificateAuthorityResponseWire,
            cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return AcmPcaResult<AcmPcaCertificateAuthority>.Failure(result.Error);
        }

        var ca = result.Value.CertificateAuthority;
        if (ca?.Status is null || ca.Arn is null)
        {
            return AcmPcaResult<AcmPcaCertificateAuthority>.Failure(Malformed("DescribeCertificateAuthority returned no CA status."));
        }

        return AcmPcaResult<AcmPcaCertificateAuthority>.Success(new AcmPcaCertificateAuthority(
            ca.Arn,
            ca.Status,
            ca.Type,
            ca.UsageMode ?? "GENERAL_PURPOSE",
            ca.CertificateAuthorityConfiguration?.KeyAlgorithm,
            ca.CertificateAuthorityConfiguration?.SigningAlgorithm,
            FromEpochSeconds(ca.NotBefore),
            FromEpochSeconds(ca.NotAfter)));
    }

    /// <inheritdoc/>
    public async Task<AcmPcaResult<string>> IssueCertificateAsync(AcmPcaIssueCertificateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var wire = new IssueCertificateRequestWire(
            request.CertificateAuthorityArn,
            System.Text.Encoding.ASCII.GetBytes(request.CsrPem),
            request.SigningAlgorithm,
            request.TemplateArn,
            new ValidityWire("ABSOLUTE", request.NotAfter.ToUnixTimeSeconds()),
            request.IdempotencyToken);
        var result = await SendAsync(
            "IssueCertificate",
            wire,
            AcmPcaJsonContext.Default.IssueCertificateRequestWire,
            AcmPcaJsonContext.Default.IssueCertificateResponseWire,
            cancellationToken).ConfigureAwait(false);
        return !result.Succeeded ? AcmPcaResult<string>.Failure(result.Error)
            : string.IsNullOrEmpty(result.Value.CertificateArn) ? AcmPcaResult<string>.Failure(Malformed("IssueCertificate returned no certificate ARN."))
            : AcmPcaResult<string>.Success(result.Value.CertificateArn);
    }

    /// <inheritdoc/>
    public async Task<AcmPcaResult<AcmPcaCertificate>> GetCertificateAsync(string certificateAuthorityArn, string certificateArn, CancellationToken cancellationToken) =>
        ToCertificate("GetCertificate", await SendAsync(
            "GetCertificate",
            new GetCertificateRequestWire(certificateAuthorityArn, certificateArn),
            AcmPcaJsonContext.Default.GetCertificateRequestWire,
            AcmPcaJsonContext.Default.CertificateResponseWire,
            cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public async Task<AcmPcaResult<AcmPcaCertificate>> GetCertificateAuthorityCertificateAsync(string certificateAuthorityArn, CancellationToken cancellationToken) =>
        ToCertificate("GetCertificateAuthorityCertificate", await SendAsync(
            "GetCertificateAuthorityCertificate",
            new CertificateAuthorityArnWire(certificateAuthorityArn),
            AcmPcaJsonContext.Default.CertificateAuthorityArnWire,
            AcmPcaJsonContext.Default.CertificateResponseWire,
            cancellationToken).ConfigureAwait(false));

    private static AcmPcaResult<AcmPcaCertificate> ToCertificate(string operation, AcmPcaResult<CertificateResponseWire> result) =>
        !result.Succeeded ? AcmPcaResult<AcmPcaCertificate>.Failure(result.Error)
        : string.IsNullOrEmpty(result.Value.Certificate) ? AcmPcaResult<AcmPcaCertificate>.Failure(Malformed($"{operation} returned no certificate."))
        : AcmPcaResult<AcmPcaCertificate>.Success(new AcmPcaCertificate(result.Value.Certificate, result.Value.CertificateChain));

    private static DateTimeOffset? FromEpochSeconds(double? seconds) =>
        seconds is { } value && double.IsFinite(value) && Math.Abs(value) < 253402300799
            ? DateTimeOffset.UnixEpoch.AddTicks((long)(value * TimeSpan.TicksPerSecond))
            : null;

    private static AcmPcaError Malformed(string message) => new(AcmPcaError.MalformedResponse, message, 200);

    private static AcmPcaError ReadError(int status, byte[] body, string? errorTypeHeader)
    {
        string? type = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    if (property.NameEquals("__type"))
                    {
                        type = property.Value.GetString();
                    }
                    else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase))
                    {
                        message = property.Value.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A proxy or load balancer answered with something that is not PCA's JSON: the status decides.
        }

        return new AcmPcaError(ErrorName(type ?? errorTypeHeader) ?? $"Http{status}", message ?? string.Empty, status);
    }

    /// <summary><c>com.amazonaws.acmpca#ThrottlingException</c> or <c>ThrottlingException:http://…</c> → <c>ThrottlingException</c>.</summary>
    internal static string? ErrorName(string? type)
    {
        if (string.IsNullOrEmpty(type))
        {
            return null;
        }

        var name = type[(type.LastIndexOf('#') + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return (colon >= 0 ? name[..colon] : name).Trim() is { Length: > 0 } trimmed ? trimmed : null;
    }
}
