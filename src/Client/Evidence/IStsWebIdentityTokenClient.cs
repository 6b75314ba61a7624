namespace Bridge.Client.Evidence;

/// <summary>
/// The one STS call <see cref="StsWebIdentityTokenProvider"/> needs, so it can be tested without AWS. The production
/// implementation is <see cref="AmazonStsWebIdentityTokenClient"/>.
/// </summary>
public interface IStsWebIdentityTokenClient
{
    /// <summary>Calls <c>GetWebIdentityToken</c> and returns the JWT.</summary>
    /// <exception cref="StsWebIdentityTokenException">STS refused the request or could not be reached.</exception>
    Task<string> GetWebIdentityTokenAsync(string audience, string signingAlgorithm, int durationSeconds, CancellationToken cancellationToken);
}
