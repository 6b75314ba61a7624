namespace Bridge.Client.Evidence;

/// <summary>
/// Evidence from a delegate or a fixed token, for tests and for callers that mint tokens themselves. A fixed token
/// works for exactly one exchange: Bridge refuses it as a replay afterwards.
/// </summary>
public sealed class StaticSubjectTokenProvider : ISubjectTokenProvider
{
    private readonly Func<string> _mint;
    private readonly string _tokenType;
    private int _calls;

    /// <summary>Calls <paramref name="mint"/> for every exchange attempt.</summary>
    public StaticSubjectTokenProvider(Func<string> mint, string tokenType = SubjectToken.JwtTokenType)
    {
        ArgumentNullException.ThrowIfNull(mint);
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenType);
        _mint = mint;
        _tokenType = tokenType;
    }

    /// <summary>Always returns <paramref name="token"/>.</summary>
    public StaticSubjectTokenProvider(string token, string tokenType = SubjectToken.JwtTokenType)
        : this(Fixed(token), tokenType)
    {
    }

    /// <summary>How many tokens were handed out.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <inheritdoc/>
    public ValueTask<SubjectToken> GetSubjectTokenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _calls);
        return ValueTask.FromResult(new SubjectToken(_mint(), _tokenType));
    }

    private static Func<string> Fixed(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return () => token;
    }
}
