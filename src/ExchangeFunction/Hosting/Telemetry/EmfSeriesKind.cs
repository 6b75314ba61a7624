namespace Bridge.ExchangeFunction.Hosting.Telemetry;

/// <summary>How an <see cref="EmfSeries"/> keeps what is recorded into it.</summary>
internal enum EmfSeriesKind
{
    /// <summary>Counters: the sum of what was added since the last collection.</summary>
    Sum,

    /// <summary>Histograms: the values recorded, each with how often.</summary>
    Histogram,

    /// <summary>Gauges: the last value.</summary>
    Gauge,
}
