namespace Bridge.Client.Evidence;

/// <summary>
/// Supplies the evidence a workload presents to Bridge. Implementations: <see cref="StaticSubjectTokenProvider"/>
/// (tests, pre-minted tokens) and <see cref="StsWebIdentityTokenProvider"/> (STS <c>GetWebIdentityToken</c>, for
/// Lambda functions and anything else with an IAM role); set
/// <see cref="DependencyInjection.BridgeClientOptions.SubjectTokenProvider"/> to one.
/// </summary>
public interface ISubjectTokenProvider
{
    /// <summary>
    /// Returns a fresh subject token. Called once per exchange attempt (including retries): Bridge refuses a token it
    /// has seen before, so a provider must not hand out the same token twice.
    /// </summary>
    ValueTask<SubjectToken> GetSubjectTokenAsync(CancellationToken cancellationToken);
}
