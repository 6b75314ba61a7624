using System.Globalization;
using Microsoft.Extensions.Options;

namespace Bridge.Client.Evidence;

/// <summary>
/// Evidence from AWS STS <c>GetWebIdentityToken</c> (IAM outbound identity federation): a JWT whose <c>sub</c> is the
/// caller's role ARN, signed by the account's STS issuer, for Bridge's audience. A fresh token per call, never cached:
/// Bridge accepts each token once.
/// </summary>
public sealed class StsWebIdentityTokenProvider : ISubjectTokenProvider
{
    private readonly IStsWebIdentityTokenClient _client;
    private readonly string _audience;
    private readonly string _signingAlgorithm;
    private readonly int _durationSeconds;

    /// <summary>Asks <paramref name="client"/> for tokens as <paramref name="options"/> say.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid (all problems listed).</exception>
    public StsWebIdentityTokenProvider(IStsWebIdentityTokenClient client, IOptions<StsWebIdentityTokenOptions> options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        var result = new StsWebIdentityTokenOptionsValidator().Validate(Options.DefaultName, value);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(StsWebIdentityTokenOptions), result.Failures);
        }

        _client = client;
        _audience = value.Audience!;
        _signingAlgorithm = value.SigningAlgorithm;
        _durationSeconds = (int)value.Duration.TotalSeconds;
    }

    /// <summary>
    /// A provider over the regional STS endpoint of <see cref="StsWebIdentityTokenOptions.Region"/> with credentials
    /// from the AWS SDK's default chain. The STS client lives as long as the process (the provider is a singleton).
    /// </summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public static StsWebIdentityTokenProvider Create(StsWebIdentityTokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new StsWebIdentityTokenOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(StsWebIdentityTokenOptions), result.Failures);
        }

        return new StsWebIdentityTokenProvider(AmazonStsWebIdentityTokenClient.ForRegion(options.Region!), Options.Create(options));
    }

    /// <inheritdoc/>
    /// <exception cref="StsWebIdentityTokenException">STS did not issue a token.</exception>
    public async ValueTask<SubjectToken> GetSubjectTokenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var token = await _client.GetWebIdentityTokenAsync(_audience, _signingAlgorithm, _durationSeconds, cancellationToken).ConfigureAwait(false);
        return new SubjectToken(token, SubjectToken.JwtTokenType);
    }

    /// <summary>Describes the provider's settings (no secrets).</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"StsWebIdentityTokenProvider({_signingAlgorithm}, {_durationSeconds} s)");
}
