using Microsoft.Extensions.Logging;

namespace Bridge.Testing.Logging;

/// <summary>Records everything logged at any level: the formatted message, every structured value and the exception.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly List<string> _entries = [];
    private readonly Lock _lock = new();

    /// <summary>Each entry as "Level EventId message [name=value;…] exception".</summary>
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

    /// <inheritdoc/>
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc/>
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc/>
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
