using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bridge.Client.Evidence;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Node;

/// <summary>
/// <c>aws_iid</c> evidence from IMDSv2: a session token (<c>PUT /latest/api/token</c>), then the RSA-2048 PKCS#7 instance
/// identity document (<c>GET /latest/dynamic/instance-identity/rsa2048</c>) with it. Answers are read up to a bound and
/// checked for shape only (the exchange verifies them). On a re-attestation, when enabled, it adds an STS web identity
/// token requested with the instance role, whose <c>ec2_source_instance_arn</c> proves the caller runs on the instance.
/// </summary>
internal sealed class ImdsNodeEvidenceProvider : INodeEvidenceProvider
{
    /// <summary>The named HTTP client for IMDS (no proxy: IMDS is link-local).</summary>
    public const string HttpClientName = "bridge-agent-imds";

    internal const string TokenPath = "/latest/api/token";
    internal const string Rsa2048Path = "/latest/dynamic/instance-identity/rsa2048";
    internal const string RegionPath = "/latest/meta-data/placement/region";
    internal const string TokenTtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
    internal const string TokenHeader = "X-aws-ec2-metadata-token";

    // A real rsa2048 value is about 3 KiB and the server refuses evidence over 16 KiB; a token is ~56 characters.
    private const int MaxAnswerBytes = 16 * 1024;
    private const int TokenTtlSeconds = 60;
    private const int WebIdentityTokenSeconds = 300;

    private readonly IHttpClientFactory _httpClients;
    private readonly IOptions<NodeAttestorOptions> _options;
    private readonly AgentStsClientFactory _sts;
    private readonly ILogger<ImdsNodeEvidenceProvider> _logger;

    public ImdsNodeEvidenceProvider(IHttpClientFactory httpClients, IOptions<NodeAttestorOptions> options, AgentStsClientFactory sts, ILogger<ImdsNodeEvidenceProvider> logger)
    {
        _httpClients = httpClients;
        _options = options;
        _sts = sts;
        _logger = logger;
    }

    public string AttestorName => NodeAttestorOptions.AwsIid;

    public async ValueTask<NodeEvidence> GetEvidenceAsync(bool reattesting, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var http = _httpClients.CreateClient(HttpClientName);
        var token = await CallAsync(http, HttpMethod.Put, TokenPath, null, cancellationToken).ConfigureAwait(false);
        if (token.Length is 0 or > 1024 || token.Any(c => c is < '!' or > '~'))
        {
            throw new NodeEvidenceException("IMDS answered a session token that is not one.");
        }

        var rsa2048 = await CallAsync(http, HttpMethod.Get, Rsa2048Path, token, cancellationToken).ConfigureAwait(false);
        if (!IsBase64WithLineBreaks(rsa2048))
        {
            throw new NodeEvidenceException("IMDS answered an instance identity signature (rsa2048) that is not base64.");
        }

        string? webIdentityToken = null;
        if (reattesting && options.ReattestWithWebIdentityToken)
        {
            // Best effort: without the token the re-attestation is still a first one when the server lost the record,
            // or succeeds with newer evidence after a stop/start; only a plain copy of old evidence is refused.
            try
            {
                var region = (await CallAsync(http, HttpMethod.Get, RegionPath, token, cancellationToken).ConfigureAwait(false)).Trim();
                if (region.Length is 0 or > 32 || !region.All(c => c is '-' or (>= 'a' and <= 'z') or (>= '0' and <= '9')))
                {
                    throw new NodeEvidenceException("IMDS answered a Region that is not one.");
                }

                var sts = _sts.Create(region);
                try
                {
                    webIdentityToken = await sts.GetWebIdentityTokenAsync(options.WebIdentityTokenAudience, "RS256", WebIdentityTokenSeconds, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    (sts as IDisposable)?.Dispose();
                }
            }
            catch (Exception ex) when (ex is NodeEvidenceException or StsWebIdentityTokenException or ArgumentException)
            {
                NodeAttestationLog.WebIdentityTokenFailed(_logger, ex.Message);
            }
        }

        var evidence = new MemoryStream();
        using (var writer = new Utf8JsonWriter(evidence))
        {
            writer.WriteStartObject();
            writer.WriteString("rsa2048", rsa2048);
            writer.WriteEndObject();
        }

        return new NodeEvidence(evidence.ToArray(), webIdentityToken);
    }

    private async Task<string> CallAsync(HttpClient http, HttpMethod method, string path, string? token, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        using var request = new HttpRequestMessage(method, new Uri(options.ImdsEndpoint, path));
        if (token is null)
        {
            request.Headers.Add(TokenTtlHeader, TokenTtlSeconds.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            request.Headers.Add(TokenHeader, token);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ImdsTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new NodeEvidenceException($"IMDS answered {method} {path} with HTTP {(int)response.StatusCode}.");
            }

            var body = await BoundedContent.ReadAsync(response.Content, MaxAnswerBytes, timeout.Token).ConfigureAwait(false)
                ?? throw new NodeEvidenceException($"IMDS answered {method} {path} with more than {MaxAnswerBytes} bytes.");
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
            }
            catch (DecoderFallbackException)
            {
                throw new NodeEvidenceException($"IMDS answered {method} {path} with bytes that are not UTF-8.");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NodeEvidenceException($"IMDS did not answer {method} {path} within {options.ImdsTimeout}.");
        }
        catch (HttpRequestException ex)
        {
            throw new NodeEvidenceException($"IMDS is unreachable at {options.ImdsEndpoint}: {ex.Message}", ex);
        }
    }

    private static bool IsBase64WithLineBreaks(string value)
    {
        var compact = value.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
        if (compact.Length == 0)
        {
            return false;
        }

        var buffer = new byte[(compact.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(compact, buffer, out _);
    }
}
