using System.Text;
using System.Text.RegularExpressions;
using Bridge.Abstractions;
using Bridge.Authority.Hosting;
using Bridge.Authority.Registration;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Hosting.Startup;

/// <summary>
/// Turns whatever stopped the start into the lines a person reads: one list, each problem once, with full key paths,
/// never a stack trace (they name our code, not the fix).
/// </summary>
internal static partial class StartupErrors
{
    /// <summary>Exit code of a start refused for its settings.</summary>
    public const int InvalidSettings = 2;

    /// <summary>Exit code of any other failed start (port in use, a backend unreachable, the state unreadable).</summary>
    public const int Failed = 1;

    /// <summary>
    /// The problems an options-validation failure (one section, or several gathered in an aggregate) reports, with full
    /// key paths; null when <paramref name="exception"/> is something else.
    /// </summary>
    public static List<string>? FromValidation(Exception exception, SettingsSchema schema)
    {
        var problems = new List<string>();
        return Collect(exception, schema, problems) ? problems : null;
    }

    /// <summary>
    /// The exit code and the text to print for <paramref name="exception"/>, which ended the start; <paramref name="urls"/>
    /// is the Urls setting, <paramref name="schema"/> the settings the composition reads.
    /// </summary>
    public static (int ExitCode, string Text) Describe(Exception exception, string? urls, SettingsSchema schema)
    {
        if (PortInUse(exception) is { } address)
        {
            return (Failed, PortInUseLine(address, urls) + Environment.NewLine);
        }

        var (exitCode, problems) = exception switch
        {
            StartupFailedException failed => (InvalidSettings, failed.Problems),
            RegistrationEntryFileException file => (InvalidSettings, [.. file.Errors.Select(e => $"{BackendOptions.SectionName}:RegistrationFile: {e}")]),
            _ when FromValidation(exception, schema) is { } failures => (InvalidSettings, failures),
            AggregateException { InnerExceptions.Count: 1 } single => (Failed, [Summary(single.InnerException!)]),
            _ => (Failed, [Summary(exception)]),
        };
        return (exitCode, Format(problems));
    }

    /// <summary>One list: a heading, then each distinct problem on its own line.</summary>
    public static string Format(IReadOnlyList<string> problems)
    {
        var distinct = problems.Distinct(StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.AppendLine(distinct.Count == 1 ? "error: Bridge cannot start:" : $"error: Bridge cannot start ({distinct.Count} problems):");
        foreach (var problem in distinct)
        {
            text.Append("  - ").AppendLine(problem);
        }

        return text.ToString();
    }

    private static bool Collect(Exception exception, SettingsSchema schema, List<string> problems)
    {
        switch (exception)
        {
            case OptionsValidationException single:
                problems.AddRange(single.Failures.Select(f => WithKeyPath(schema, single.OptionsType, f)));
                return true;
            case AggregateException aggregate:
                return aggregate.InnerExceptions.All(inner => Collect(inner, schema, problems));

            // The binder's own conversion error, should a value slip past SettingsCheck: its message names the key.
            case InvalidOperationException { InnerException: FormatException or ArgumentException or OverflowException } conversion
                when conversion.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                problems.Add(conversion.Message);
                return true;
            default:
                return false;
        }
    }

    private static string Summary(Exception exception) => exception switch
    {
        DependencyUnavailableException or HttpRequestException or Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException =>
            $"a backend is unavailable ({exception.GetType().Name}: {exception.Message})",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };

    private static string WithKeyPath(SettingsSchema schema, Type? optionsType, string failure)
    {
        if (failure.StartsWith("Bridge:", StringComparison.Ordinal) || optionsType is null || !schema.SectionPaths.TryGetValue(optionsType, out var section))
        {
            return failure;
        }

        // "Issuers[0].Issuer must ..." → "Bridge:Attestors:Oidc:Issuers:0:Issuer must ...".
        return section + ":" + IndexedName().Replace(failure, m => $"{m.Groups[1].Value}:{m.Groups[2].Value}:", 1);
    }

    private static string? PortInUse(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is IOException { InnerException: AddressInUseException } bind)
            {
                var match = BindAddress().Match(bind.Message);
                return match.Success ? match.Groups[1].Value : string.Empty;
            }

            if (current is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Select(PortInUse).FirstOrDefault(a => a is not null);
            }
        }

        return null;
    }

    private static string PortInUseLine(string address, string? urls)
    {
        address = address.Length > 0 ? address : urls?.Split(';')[0] ?? "the address";
        var endpoint = Uri.TryCreate(address, UriKind.Absolute, out var uri) ? $"{uri.Host}:{uri.Port}" : address;
        var next = uri is null ? "http://127.0.0.1:5081" : new UriBuilder(uri) { Port = uri.Port + 1, Path = string.Empty }.Uri.ToString().TrimEnd('/');
        return $"error: {endpoint} is in use (Urls); stop the other process or start with --Urls={next} --Bridge:Authority:Issuer={next} (Issuer must match the new address).";
    }

    [GeneratedRegex(@"^([A-Za-z]+)\[(\d+)\]\.")]
    private static partial Regex IndexedName();

    [GeneratedRegex(@"Failed to bind to address (\S+?):? address already in use", RegexOptions.IgnoreCase)]
    private static partial Regex BindAddress();
}
