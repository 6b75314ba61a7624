using System.Text;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Hosting;

/// <summary>
/// Turns whatever stopped the agent's start into the lines a person reads: one list, each problem once, with the full
/// settings key, never a stack trace.
/// </summary>
public static class AgentStartupErrors
{
    /// <summary>Exit code of a start refused for its settings.</summary>
    public const int InvalidSettings = 2;

    /// <summary>Exit code of any other failed start (socket in use, data directory unusable).</summary>
    public const int Failed = 1;

    /// <summary>The exit code and text for <paramref name="exception"/>.</summary>
    public static (int ExitCode, string Text) Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var problems = new List<string>();
        if (Collect(exception, problems))
        {
            return (InvalidSettings, Format(problems));
        }

        var cause = exception is AggregateException { InnerExceptions.Count: 1 } single ? single.InnerException! : exception;
        return (Failed, Format([cause.Message]));
    }

    /// <summary>One list: a heading, then each distinct problem on its own line.</summary>
    public static string Format(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var distinct = problems.Distinct(StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.AppendLine(distinct.Count == 1 ? "error: bridge-agent cannot start:" : $"error: bridge-agent cannot start ({distinct.Count} problems):");
        foreach (var problem in distinct)
        {
            text.Append("  - ").AppendLine(problem);
        }

        return text.ToString();
    }

    /// <summary>
    /// Checks every setting without starting anything and throws one list of all problems: keys under
    /// <c>BridgeAgent</c> that no part reads (a typo would otherwise be silently ignored) together with what every
    /// part's validator and the binder refuse.
    /// </summary>
    /// <exception cref="AgentSettingsException">There are problems.</exception>
    public static void ThrowIfInvalidSettings(IConfiguration configuration, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(services);
        string[] known = [nameof(AgentOptions.ServerUrl), nameof(AgentOptions.TrustDomain), nameof(AgentOptions.DataDirectory), .. AgentApplication.Subsections];
        var problems = configuration.GetSection(AgentOptions.SectionName).GetChildren()
            .Where(child => !known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            .Select(child => $"{AgentOptions.SectionName}:{child.Key}: unknown setting (known: {string.Join(", ", known)}).")
            .ToList();
        try
        {
            // The ValidateOnStart checks, run here so that they are reported with the unknown keys, not instead of them.
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception exception) when (Collect(exception, problems))
        {
        }

        if (problems.Count > 0)
        {
            throw new AgentSettingsException(problems);
        }
    }

    private static bool Collect(Exception exception, List<string> problems)
    {
        switch (exception)
        {
            case AgentSettingsException settings:
                problems.AddRange(settings.Problems);
                return true;
            case OptionsValidationException validation:
                // Validators name the full key themselves (BridgeAgent:Cache:SyncInterval: …).
                problems.AddRange(validation.Failures);
                return true;
            case AggregateException aggregate:
                return aggregate.InnerExceptions.All(inner => Collect(inner, problems));

            // The binder's own errors (a value that does not convert, a key the options type lacks) name the key already.
            case InvalidOperationException { Message: var message } when message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)
                || message.Contains("were not found on type", StringComparison.Ordinal)
                || message.Contains("were not found on the instance of", StringComparison.Ordinal): // the source-generated binder's wording
                problems.Add(message);
                return true;
            default:
                return false;
        }
    }
}
