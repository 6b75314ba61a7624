using System.CommandLine;
using System.Globalization;
using Bridge.Cli.ColdStart;
using Bridge.Cli.Output;
using Spectre.Console;

namespace Bridge.Cli.Commands;

/// <summary><c>bridge coldstart</c>: cold-start time and peak memory of the Native AOT <c>bootstrap</c> under a fake Lambda Runtime API.</summary>
internal static class ColdStartCommand
{
    public const int MaxRuns = 100;

    /// <summary>The goal of issue 5 on the reference machine.</summary>
    public static readonly TimeSpan GoalTime = TimeSpan.FromMilliseconds(60);

    /// <summary>The memory goal of issue 5, in bytes (40 MB).</summary>
    public const long GoalResidentBytes = 40L * 1024 * 1024;

    public static Command Create()
    {
        var bootstrap = new Option<string>("--bootstrap")
        {
            Description = "The published bootstrap (scripts/publish-bootstrap.sh linux-x64 <dir> leaves <dir>/bootstrap).",
            Required = true,
        };
        var runs = new Option<int>("--runs") { Description = $"Measured starts per scenario (1–{MaxRuns}).", DefaultValueFactory = _ => 10 };
        var events = new Option<string?>("--events") { Description = "The events/ folder (default: found above the current directory)." };
        var environment = new Option<string[]>("--env")
        {
            Description = "NAME=VALUE added to the bootstrap's environment, e.g. a runtime setting (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("coldstart", "Time process start → first Lambda invocation answered for the AOT bootstrap, and its peak RSS.")
        {
            bootstrap,
            runs,
            events,
            environment,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(bootstrap)!, parse.GetValue(runs), parse.GetValue(events), AnsiConsole.Console, ct, parse.GetValue(environment) ?? []));
        return command;
    }

    internal static async Task<int> RunAsync(
        string bootstrap, int runs, string? events, IAnsiConsole console, CancellationToken cancellationToken, IReadOnlyList<string>? environment = null)
    {
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in environment ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals < 1)
            {
                console.MarkupLine($"[red]error:[/] --env takes NAME=VALUE, not {Markup.Escape(pair)}.");
                return 2;
            }

            extra[pair[..equals]] = pair[(equals + 1)..];
        }

        if (runs is < 1 or > MaxRuns)
        {
            console.MarkupLine($"[red]error:[/] --runs must be 1–{MaxRuns}.");
            return 2;
        }

        if (!File.Exists(bootstrap))
        {
            console.MarkupLine($"[red]error:[/] no bootstrap at {Markup.Escape(bootstrap)} (publish it with scripts/publish-bootstrap.sh linux-x64 <dir>).");
            return 2;
        }

        events ??= FindEventsFolder(Directory.GetCurrentDirectory());
        if (events is null || ColdStartRunner.Scenarios.Any(s => !File.Exists(Path.Combine(events, s.EventFile))))
        {
            console.MarkupLine("[red]error:[/] the events/ folder was not found; pass --events <repo>/events.");
            return 2;
        }

        ConsoleLayout.WidenWhenRedirected(console);
        console.MarkupLine($"Starting {Markup.Escape(bootstrap)} {runs} times per scenario (after one unmeasured start each), fake Runtime API on loopback...");
        IReadOnlyList<ColdStartResult> results;
        try
        {
            results = await new ColdStartRunner(TimeProvider.System).RunAsync(
                bootstrap, events, runs, extra, new Progress<string>(line => console.MarkupLine("  " + Markup.Escape(line))), cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException exception)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(exception.Message)}");
            return 1;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns(
            "first invocation", "runs", "start → ready p50", "p90", "start → response p50", "p90", "CPU to response p50", "p90", "peak RSS p50", "max");
        foreach (var result in results)
        {
            table.AddRow(
                Markup.Escape(result.Scenario),
                result.Samples.Count.ToString(CultureInfo.InvariantCulture),
                Ms(result.ToReady(50)),
                Ms(result.ToReady(90)),
                Ms(result.ToFirstResponse(50)),
                Ms(result.ToFirstResponse(90)),
                Ms(result.CpuTime(50)),
                Ms(result.CpuTime(90)),
                Mb(result.PeakResidentBytes(50)),
                Mb(result.PeakResidentBytes(100)));
        }

        console.Write(table);
        var withinGoal = results.All(r => r.ToFirstResponse(50) <= GoalTime && r.PeakResidentBytes(50) <= GoalResidentBytes);
        console.MarkupLine(
            $"ready = first GET /runtime/invocation/next (init done); CPU = the process's thread run time when it answered; goal: start → response ≤ {GoalTime.TotalMilliseconds:F0} ms and peak RSS ≤ 40 MB (median): "
            + (withinGoal ? "[green]met[/]" : "[yellow]not met[/]"));
        return 0;
    }

    private static string? FindEventsFolder(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "events");
            if (File.Exists(Path.Combine(candidate, ColdStartRunner.Scenarios[0].EventFile)))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture) + " ms";

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture) + " MB";
}
