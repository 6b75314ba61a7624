using System.Diagnostics.Metrics;

namespace Bridge.Testing.Telemetry;

/// <summary>
/// An <see cref="IMeterFactory"/> for code built without a container. Its meters carry it as their scope, so a
/// <see cref="MetricRecorder"/> over it hears this test's instruments only, never those of tests running alongside.
/// </summary>
public sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    /// <inheritdoc/>
    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_meters)
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }

            _meters.Clear();
        }
    }
}
