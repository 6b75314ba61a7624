namespace Bridge.ExchangeFunction.Hosting.Startup;

/// <summary>
/// The service cannot start: each entry of <see cref="Problems"/> is one complete, self-contained line naming the
/// configuration key at fault (<c>Bridge:Authority:CaTtl: ...</c>). The message lists them all, so the Lambda init
/// error carries the same text that a local run prints.
/// </summary>
public sealed class StartupFailedException : Exception
{
    /// <summary>Creates the exception over the problems found.</summary>
    public StartupFailedException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    /// <summary>Creates an exception without problems (for serializers and analyzers; not used by Bridge).</summary>
    public StartupFailedException()
        : this([])
    {
    }

    /// <summary>Creates an exception with one problem.</summary>
    public StartupFailedException(string message)
        : this([message])
    {
    }

    /// <summary>Creates an exception with one problem and its cause.</summary>
    public StartupFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Every problem, each once, in the order found.</summary>
    public IReadOnlyList<string> Problems { get; }
}
