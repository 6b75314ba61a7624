using Bridge.Authority.Exchange;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridge.Cli.Demo;

/// <summary>
/// Reads the exchange service's audit log in the demo. <c>/token</c> answers every refusal alike (a caller cannot probe
/// which entries exist), so why a denial happened — not registered, replayed — is only in the audit events, which carry
/// a <c>{FailureKind}</c>. The demo checks that each refusal happened for the reason it demonstrates.
/// </summary>
internal sealed class DemoAuditTrail : ILoggerProvider
{
    private static readonly string ExchangeCategory = typeof(ExchangeService).FullName!;

    private readonly Lock _gate = new();
    private string? _lastFailure;

    /// <summary>The failure kind of the latest refusal since the last call ("NotRegistered", "Replayed", …), and forgets it.</summary>
    public string? TakeLastFailure()
    {
        lock (_gate)
        {
            var failure = _lastFailure;
            _lastFailure = null;
            return failure;
        }
    }

    public ILogger CreateLogger(string categoryName) => categoryName == ExchangeCategory ? new AuditLogger(this) : NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class AuditLogger(DemoAuditTrail trail) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || state is not IReadOnlyList<KeyValuePair<string, object?>> properties)
            {
                return;
            }

            foreach (var (name, value) in properties)
            {
                if (name == "FailureKind" && value is not null)
                {
                    lock (trail._gate)
                    {
                        trail._lastFailure = value.ToString();
                    }
                }
            }
        }
    }
}
