namespace Bridge.Client.Evidence;

/// <summary>
/// Supplies the evidence a workload presents to Bridge. Implementations: <see cref="StaticSubjectTokenProvider"/>
/// (tests, pre-minted tokens) and, as a later step, an STS <c>GetWebIdentityToken</c> provider for Lambda functions
/// (set <see cref="DependencyInjection.BridgeClientOptions.SubjectTokenProvider"/> to it).
/// </summary>
public interface ISubjectTokenProvider
{
    /// <summary>
    /// Returns a fresh subject token. Called once per exchange attempt (including retries): Bridge refuses a token it
    /// has seen before, so a provider must not hand out the same token twice.
    /// </summary>
    ValueTask<SubjectToken> GetSubjectTokenAsync(CancellationToken cancellationToken);
}
