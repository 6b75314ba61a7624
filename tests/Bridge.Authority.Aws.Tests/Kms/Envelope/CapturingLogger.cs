using Microsoft.Extensions.Logging;

namespace Bridge.Authority.Aws.Tests.Kms.Envelope;

/// <summary>Records everything logged at any level: the formatted message, every structured value and the exception.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly List<string> _entries = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<string> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}"))
            : string.Empty;
        lock (_lock)
        {
            _entries.Add($"{logLevel} {eventId.Id} {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
