using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Mathematics.OutlierDetection;

namespace Bridge.Benchmarks;

/// <summary>
/// Percentiles of single calls: one invocation per iteration (no unrolling), so each of the 1,000 iterations is one
/// call and P50/P95/P99 are the calls' own, not percentiles of averages. No forced collection before each iteration (it
/// would make every call a cold one) and no outlier removal (the slow calls are what P99 is about). For calls of
/// 100 µs and more, where the timer's resolution and BenchmarkDotNet's per-iteration overhead are small against the call.
/// In process: on the shared 2-core machine the generated project often did not build within BenchmarkDotNet's 2 minutes.
/// </summary>
public sealed class PerCallConfig : ManualConfig
{
    public PerCallConfig()
    {
        AddJob(Job.Default.WithId("PerCall")
            .WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(100).WithIterationCount(1000)
            .WithGcForce(false).WithOutlierMode(OutlierMode.DontRemove)
            .WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(StatisticColumn.P50, StatisticColumn.P95, new P99Column());
    }

    /// <summary>The 99th percentile (BenchmarkDotNet has columns up to P95 and P100).</summary>
    private sealed class P99Column : IColumn
    {
        public string Id => nameof(P99Column);

        public string ColumnName => "P99";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Statistics;

        public int PriorityInCategory => 10;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Time;

        public string Legend => "99th percentile of the single-call times";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            summary[benchmarkCase]?.ResultStatistics is { } statistics
                ? (statistics.Percentiles.Percentile(99) / 1000).ToString("N1", CultureInfo.InvariantCulture) + " μs"
                : "NA";
    }
}
