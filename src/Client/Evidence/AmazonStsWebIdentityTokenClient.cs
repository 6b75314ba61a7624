using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Bridge.Client.Evidence;

/// <summary>
/// <see cref="IStsWebIdentityTokenClient"/> over the AWS SDK's <see cref="IAmazonSecurityTokenService"/>. Every SDK
/// failure (an STS error answer, unreachable endpoint, missing credentials) becomes a
/// <see cref="StsWebIdentityTokenException"/>; cancellation by the caller stays cancellation.
/// </summary>
public sealed class AmazonStsWebIdentityTokenClient : IStsWebIdentityTokenClient, IDisposable
{
    private readonly IAmazonSecurityTokenService _sts;
    private readonly bool _ownsClient;

    /// <summary>Wraps <paramref name="sts"/>, which the caller keeps owning.</summary>
    public AmazonStsWebIdentityTokenClient(IAmazonSecurityTokenService sts)
        : this(sts, ownsClient: false)
    {
    }

    private AmazonStsWebIdentityTokenClient(IAmazonSecurityTokenService sts, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(sts);
        _sts = sts;
        _ownsClient = ownsClient;
    }

    /// <summary>
    /// A client of the regional STS endpoint of <paramref name="region"/> with credentials from the SDK's default chain
    /// (a Lambda function's execution role, an ECS task role, an instance profile, ...). The global endpoint does not
    /// serve <c>GetWebIdentityToken</c>, so the Region is always explicit.
    /// </summary>
    public static AmazonStsWebIdentityTokenClient ForRegion(string region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(region) };
        return new AmazonStsWebIdentityTokenClient(new AmazonSecurityTokenServiceClient(config), ownsClient: true);
    }

    /// <summary>The wrapped SDK client.</summary>
    public IAmazonSecurityTokenService Sts => _sts;

    /// <inheritdoc/>
    public async Task<string> GetWebIdentityTokenAsync(string audience, string signingAlgorithm, int durationSeconds, CancellationToken cancellationToken)
    {
        var request = new GetWebIdentityTokenRequest
        {
            Audience = [audience],
            SigningAlgorithm = signingAlgorithm,
            DurationSeconds = durationSeconds,
        };
        GetWebIdentityTokenResponse response;
        try
        {
            response = await _sts.GetWebIdentityTokenAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException ex) when (ex.StatusCode != 0 || ex.ErrorCode is not null)
        {
            throw new StsWebIdentityTokenException(
                $"STS GetWebIdentityToken was refused: {ex.ErrorCode} (HTTP {(int)ex.StatusCode}): {ex.Message}",
                ex.ErrorCode,
                ex.StatusCode,
                ex);
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new StsWebIdentityTokenException("STS GetWebIdentityToken failed: " + ex.Message, ex);
        }

        if (string.IsNullOrWhiteSpace(response.WebIdentityToken))
        {
            throw new StsWebIdentityTokenException("STS GetWebIdentityToken answered without a token.");
        }

        return response.WebIdentityToken;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _sts.Dispose();
        }
    }
}
