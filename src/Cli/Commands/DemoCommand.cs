using System.CommandLine;
using Bridge.Cli.Demo;
using Bridge.Cli.Output;
using Spectre.Console;

namespace Bridge.Cli.Commands;

/// <summary><c>bridge demo [--out DIR] [--verbose]</c>: runs the end-to-end story and exits 0 only if every step behaved.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var outOption = new Option<DirectoryInfo?>("--out") { Description = "Write the SVIDs, key, bundle and discovery documents to this directory." };
        var verboseOption = new Option<bool>("--verbose") { Description = "Show the service's audit log while the demo runs." };
        var command = new Command("demo", "Run the exchange and an agent locally: issue, validate and use SVIDs for workloads (direct and through the agent's Workload API), and verify the denials.")
        {
            outOption,
            verboseOption,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(outOption), parse.GetValue(verboseOption), AnsiConsole.Console, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(DirectoryInfo? outDirectory, bool verbose, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ConsoleLayout.WidenWhenRedirected(console);
        console.MarkupLine("[bold]Bridge demo[/]: local STS and IMDS stand-ins, the exchange service on loopback and an agent on a Unix socket; local backends, no AWS account.");
        console.WriteLine();
        var runner = new DemoRunner(TimeProvider.System, step => console.MarkupLine(
            $"  {(step.Skipped ? "[yellow]-[/]" : step.Passed ? "[green]✔[/]" : "[red]✘[/]")} {Markup.Escape(step.Name)}"));

        bool passed;
        try
        {
            passed = await runner.RunAsync(verbose, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or IOException)
        {
            console.MarkupLine($"[red]The demo could not run:[/] {Markup.Escape(ex.Message)}");
            return 1;
        }

        console.WriteLine();
        console.Write(BuildSummary(runner.Steps, console.Profile.Width));
        if (outDirectory is not null)
        {
            foreach (var path in runner.Artifacts.WriteTo(outDirectory.FullName))
            {
                console.MarkupLine($"  wrote [blue]{Markup.Escape(path)}[/]");
            }
        }

        var skipped = runner.Steps.Count(s => s.Skipped);
        var ran = runner.Steps.Count - skipped;
        var failed = runner.Steps.Count(s => !s.Passed && !s.Skipped);
        var skippedNote = skipped == 0 ? string.Empty : $" [yellow]({skipped} skipped: see the summary)[/]";
        console.MarkupLine(passed
            ? $"[green bold]All {ran} steps behaved as expected.[/]{skippedNote}"
            : $"[red bold]{failed} of {ran} steps did not behave as expected.[/]{skippedNote}");
        return passed ? 0 : 1;
    }

    /// <summary>
    /// The summary: one row per step; denials name why they were refused. A <see cref="FittedTable"/>, so SPIFFE IDs and
    /// ARNs break after a <c>/</c> or <c>:</c>, never inside a segment.
    /// </summary>
    internal static Table BuildSummary(IReadOnlyList<DemoStep> steps, int consoleWidth) => FittedTable.Create(
        "Summary",
        ["Step", "Expected", "Result", "Reason", "Detail"],
        [.. steps.Select(step => (IReadOnlyList<WrappedText>)
        [
            new(step.Name),
            new(step.Expected),
            step.Skipped ? new("skipped", new Style(Color.Yellow))
                : step.Passed ? new("as expected", new Style(Color.Green)) : new("NOT as expected", new Style(Color.Red)),
            new(step.Reason ?? string.Empty),
            new(step.Detail),
        ])],
        consoleWidth);
}
