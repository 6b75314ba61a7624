using System.CommandLine;
using System.Globalization;
using Bridge.Cli.Load;
using Bridge.Cli.Output;
using Spectre.Console;

namespace Bridge.Cli.Commands;

/// <summary><c>bridge load</c>: a bounded loopback load test of <c>POST /token</c> against an in-process service.</summary>
internal static class LoadCommand
{
    public const int MaxRequests = 100_000;

    public static Command Create()
    {
        var requests = new Option<int>("--requests") { Description = $"Exchanges to time (1–{MaxRequests}).", DefaultValueFactory = _ => 2000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once (1–256).", DefaultValueFactory = _ => 8 };
        var x509 = new Option<bool>("--x509") { Description = "Request X.509-SVIDs (P-256 CSR) instead of JWT-SVIDs." };
        var command = new Command("load", "Measure POST /token throughput and latency over loopback HTTP with local backends.")
        {
            requests,
            concurrency,
            x509,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(requests), parse.GetValue(concurrency), parse.GetValue(x509), AnsiConsole.Console, ct));
        return command;
    }

    internal static async Task<int> RunAsync(int requests, int concurrency, bool x509, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (requests is < 1 or > MaxRequests || concurrency is < 1 or > 256)
        {
            console.MarkupLine($"[red]error:[/] --requests must be 1–{MaxRequests} and --concurrency 1–256.");
            return 2;
        }

        ConsoleLayout.WidenWhenRedirected(console);
        var kind = x509 ? "X.509-SVID (P-256 CSR)" : "JWT-SVID (ES256)";
        console.MarkupLine($"Timing {requests} exchanges for a {kind}, {concurrency} in flight, RS256 subject tokens, loopback HTTP...");
        var report = await new LoadRunner(TimeProvider.System).RunAsync(
            requests, concurrency, x509, new Progress<int>(done => console.MarkupLine($"  {done} sent")), cancellationToken).ConfigureAwait(false);

        var table = new Table().Border(TableBorder.Rounded).AddColumns("requests", "concurrency", "ok", "failed", "req/s", "p50", "p90", "p99", "max");
        table.AddRow(
            report.Requests.ToString(CultureInfo.InvariantCulture),
            report.Concurrency.ToString(CultureInfo.InvariantCulture),
            report.Succeeded.ToString(CultureInfo.InvariantCulture),
            report.Failed.ToString(CultureInfo.InvariantCulture),
            report.RequestsPerSecond.ToString("F0", CultureInfo.InvariantCulture),
            Ms(report.Percentile(50)),
            Ms(report.Percentile(90)),
            Ms(report.Percentile(99)),
            Ms(report.Percentile(100)));
        console.Write(table);
        return report.Failed == 0 ? 0 : 1;
    }

    private static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("F2", CultureInfo.InvariantCulture) + " ms";
}
