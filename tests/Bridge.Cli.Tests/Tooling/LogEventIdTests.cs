using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Bridge.Testing;
using Microsoft.Extensions.Logging;

namespace Bridge.Cli.Tests.Tooling;

/// <summary>
/// Log event ids are how operators filter and alarm on events, so two log methods must never share one. Every project
/// under <c>src/</c> is loaded (this project references all of them, directly or through the CLI) and every
/// <c>[LoggerMessage]</c> method read by reflection; docs/logging.md's table must give each log class the range(s) its
/// ids lie in, and no two rows may overlap.
/// </summary>
public sealed partial class LogEventIdTests
{
    private static readonly Lazy<IReadOnlyList<LogMethod>> Methods = new(FindLogMethods);

    [Fact]
    public void EveryLogMethodInSrc_HasAnEventIdOfItsOwn()
    {
        Assert.NotEmpty(Methods.Value);
        var unnumbered = Methods.Value.Where(m => m.EventId < 0).Select(m => m.Name).ToList();
        Assert.True(unnumbered.Count == 0, "Log methods without an event id: " + string.Join(", ", unnumbered));

        var shared = Methods.Value.GroupBy(m => m.EventId).Where(g => g.Count() > 1)
            .Select(g => g.Key.ToString(CultureInfo.InvariantCulture) + ": " + string.Join(", ", g.Select(m => m.Name)))
            .ToList();
        Assert.True(shared.Count == 0, "Event ids used by more than one log method:\n" + string.Join("\n", shared));
    }

    [Fact]
    public void EveryLogClass_KeepsToItsRangeInDocsLogging()
    {
        var ranges = DocumentedRanges();
        var problems = new List<string>();
        foreach (var logClass in Methods.Value.GroupBy(m => m.LogClass))
        {
            var own = ranges.Where(r => r.LogClass == logClass.Key).ToList();
            if (own.Count == 0)
            {
                problems.Add($"{logClass.Key} has no row in docs/logging.md");
                continue;
            }

            problems.AddRange(logClass.Where(m => !own.Exists(r => m.EventId >= r.First && m.EventId <= r.Last))
                .Select(m => $"{m.Name} ({m.EventId}) is outside the range(s) docs/logging.md gives {logClass.Key}"));
        }

        var ordered = ranges.OrderBy(r => r.First).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].First <= ordered[i - 1].Last)
            {
                problems.Add($"The ranges of {ordered[i - 1].LogClass} and {ordered[i].LogClass} overlap");
            }
        }

        problems.AddRange(ranges.Select(r => r.LogClass).Except(Methods.Value.Select(m => m.LogClass))
            .Select(c => $"docs/logging.md names {c}, which has no log methods"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static List<LogMethod> FindLogMethods()
    {
        var methods = new List<LogMethod>();
        foreach (var project in Directory.EnumerateFiles(RepositoryRoot.Combine("src"), "*.csproj", SearchOption.AllDirectories))
        {
            var assemblyName = XDocument.Load(project).Descendants("AssemblyName").FirstOrDefault()?.Value
                ?? Path.GetFileNameWithoutExtension(project);
            Assembly assembly;
            try
            {
                assembly = Assembly.Load(new AssemblyName(assemblyName));
            }
            catch (FileNotFoundException)
            {
                Assert.Fail($"{Path.GetRelativePath(RepositoryRoot.Path, project)} is not referenced by Bridge.Cli.Tests, so its log event ids go unchecked: reference it.");
                throw;
            }

            foreach (var type in assembly.GetTypes())
            {
                foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                {
                    if (method.GetCustomAttribute<LoggerMessageAttribute>() is { } attribute)
                    {
                        methods.Add(new LogMethod(TypeName(type), type.FullName + "." + method.Name, attribute.EventId));
                    }
                }
            }
        }

        return methods;
    }

    /// <summary>The class as docs/logging.md names it: namespace and nested names joined with dots.</summary>
    private static string TypeName(Type type) => type.FullName!.Replace('+', '.');

    /// <summary>The table rows: <c>| 3350–3399 | `Bridge.Client.Log` | … |</c>.</summary>
    private static List<DocumentedRange> DocumentedRanges()
    {
        var ranges = new List<DocumentedRange>();
        foreach (var line in File.ReadLines(RepositoryRoot.Combine("docs", "logging.md")))
        {
            var row = TableRow().Match(line);
            if (row.Success)
            {
                ranges.Add(new DocumentedRange(
                    row.Groups["class"].Value,
                    int.Parse(row.Groups["first"].Value, CultureInfo.InvariantCulture),
                    int.Parse(row.Groups["last"].Value, CultureInfo.InvariantCulture)));
            }
        }

        return ranges;
    }

    [GeneratedRegex(@"^\|\s*(?<first>\d+)–(?<last>\d+)\s*\|\s*`(?<class>[A-Za-z0-9_.]+)`\s*\|")]
    private static partial Regex TableRow();

    private sealed record LogMethod(string LogClass, string Name, int EventId);

    private sealed record DocumentedRange(string LogClass, int First, int Last);
}
