using System.Globalization;

namespace Bridge.Benchmarks.AgentLoad;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Bridge.Benchmarks -- agent &lt;scenario&gt; [--option value …]</c>: the
/// agent's load scenarios, which time each call (percentiles) where BenchmarkDotNet averages; figures and commands in
/// docs/benchmarks.md, "The agent (issue 12)".
/// </summary>
internal static class AgentLoadCommand
{
    private const string Usage = """
        usage: -- agent <scenario> [options]
          fetch     [--calls 5000] [--concurrency 1]      cached FetchX509SVID round trips (p50/p99)
          start     [--runs 10]                           agent start → first SVID served, in process, warm exchange
          rotation  [--streams 1000] [--rounds 5]         renewal → every open stream updated
          published --binary PATH [--runs 5] [--streams 1000] [--channels 1] [--settle 5] [--env NAME=VALUE,…]
                                                          the Native AOT agent as a process: start → first SVID, RSS
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (args.Length == 0 || !TryParseOptions(args[1..], out var options))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        int Number(string name, int fallback, int max) =>
            options.TryGetValue(name, out var text) ? Math.Clamp(int.Parse(text, CultureInfo.InvariantCulture), 1, max) : fallback;

        switch (args[0])
        {
            case "fetch":
                await FetchScenario.RunAsync(Number("calls", 5000, 1_000_000), Number("concurrency", 1, 256), output);
                return 0;
            case "start":
                await StartScenario.RunAsync(Number("runs", 10, 1000), output);
                return 0;
            case "rotation":
                await RotationScenario.RunAsync(Number("streams", 1000, 10_000), Number("rounds", 5, 1000), output);
                return 0;
            case "published" when options.TryGetValue("binary", out var binary):
                await PublishedAgentScenario.RunAsync(
                    binary, Number("runs", 5, 100), Number("streams", 1000, 10_000), Number("channels", 1, 10_000), TimeSpan.FromSeconds(Number("settle", 5, 600)),
                    Environment(options.GetValueOrDefault("env")), output);
                return 0;
            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }

    /// <summary>Extra variables for the agent process (<c>DOTNET_gcServer=0,…</c>), to try runtime settings.</summary>
    private static Dictionary<string, string> Environment(string? text) =>
        (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length == 2 ? pair[1] : string.Empty, StringComparer.Ordinal);

    private static bool TryParseOptions(string[] args, out Dictionary<string, string> options)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return false;
            }

            options[args[i][2..]] = args[i + 1];
        }

        return true;
    }
}
