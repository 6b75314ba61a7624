using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bridge.ExchangeFunction.Tests.TestSupport;

/// <summary>Records every log event (message, structured values, exception) so tests can inspect what was logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _logs = new();

    /// <summary>Everything logged so far.</summary>
    public IReadOnlyCollection<CapturedLog> Logs => _logs;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _logs);

    public void Dispose()
    {
    }

    /// <summary>One log event, with every structured value rendered as text.</summary>
    public sealed record CapturedLog(string Category, EventId EventId, LogLevel Level, string Message, IReadOnlyDictionary<string, string?> Values, string? Exception)
    {
        /// <summary>All text of the event, for "never contains" assertions.</summary>
        public string AllText => string.Join("\n", [Message, .. Values.Values, Exception]);
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    values[key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            logs.Enqueue(new CapturedLog(category, eventId, logLevel, formatter(state, exception), values, exception?.ToString()));
        }
    }
}
