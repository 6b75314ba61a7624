namespace Bridge.Testing.Telemetry;

/// <summary>One measurement a <see cref="MetricRecorder"/> heard: the instrument, the value and the tags as text.</summary>
/// <param name="Instrument">The instrument's name.</param>
/// <param name="Value">The value, widened to double.</param>
/// <param name="Tags">The tags.</param>
public sealed record RecordedMeasurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags)
{
    /// <summary>The value of tag <paramref name="name"/>, or null.</summary>
    public string? Tag(string name) => Tags.GetValueOrDefault(name);
}
