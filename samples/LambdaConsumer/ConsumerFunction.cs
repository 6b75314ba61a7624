using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Bridge.Client.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Samples.LambdaConsumer;

/// <summary>
/// The function handler. Per invocation it (a) takes a JWT-SVID for <c>sts.amazonaws.com</c> from the cached source
/// (an exchange at Bridge only when the cached one is past half its life) and assumes an AWS role with it, and (b)
/// calls a peer over mutual TLS with its X.509-SVID, accepting only the peer's SPIFFE ID.
/// </summary>
public sealed class ConsumerFunction
{
    /// <summary>The audience AWS STS expects on web identity tokens.</summary>
    public const string StsAudience = "sts.amazonaws.com";

    /// <summary>The named HTTP client whose handler speaks mTLS with the X.509-SVID.</summary>
    public const string PeerHttpClientName = "Bridge.Samples.Peer";

    private readonly JwtSvidSource _stsTokens;
    private readonly IAmazonSecurityTokenService _sts;
    private readonly IHttpClientFactory _http;
    private readonly ConsumerOptions _options;

    /// <summary>Created once per execution environment (the container keeps it between invocations).</summary>
    public ConsumerFunction(
        [FromKeyedServices(StsAudience)] JwtSvidSource stsTokens, IAmazonSecurityTokenService sts, IHttpClientFactory http, ConsumerOptions options)
    {
        ArgumentNullException.ThrowIfNull(stsTokens);
        ArgumentNullException.ThrowIfNull(sts);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _stsTokens = stsTokens;
        _sts = sts;
        _http = http;
        _options = options;
    }

    /// <summary>Handles one invocation.</summary>
    public async Task<ConsumerResponse> HandleAsync(ConsumerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var svid = await _stsTokens.FetchJwtSvidAsync(cancellationToken).ConfigureAwait(false);

        AssumeRoleWithWebIdentityResponse assumed;
        try
        {
            assumed = await _sts.AssumeRoleWithWebIdentityAsync(
                new AssumeRoleWithWebIdentityRequest
                {
                    RoleArn = _options.RoleArn,
                    RoleSessionName = _options.RoleSessionName,
                    WebIdentityToken = svid.Token,
                    DurationSeconds = 900,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonSecurityTokenServiceException ex)
        {
            return new ConsumerResponse(ex.ErrorCode ?? "StsError");
        }

        // assumed.Credentials would now sign calls as the role, e.g. new AmazonS3Client(assumed.Credentials, region).
        var credentials = assumed.Credentials;
        try
        {
            using var response = await _http.CreateClient(PeerHttpClientName)
                .GetAsync(new Uri(_options.PeerUrl!, request.PeerPath), cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return new ConsumerResponse(
                null, assumed.AssumedRoleUser.Arn, credentials.AccessKeyId, credentials.Expiration, (int)response.StatusCode, body);
        }
        catch (HttpRequestException)
        {
            // The TLS handshake failed: the peer refused our SVID, or it did not present the expected SPIFFE ID.
            return new ConsumerResponse("PeerRefused", assumed.AssumedRoleUser.Arn, credentials.AccessKeyId, credentials.Expiration);
        }
    }
}
