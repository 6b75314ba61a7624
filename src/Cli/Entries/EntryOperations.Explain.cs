using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Registration;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Bridge.Cli.Entries;

/// <content><c>bridge entry explain</c>.</content>
internal sealed partial class EntryOperations
{
    /// <summary>The largest token file read; the attestor refuses anything over its own, smaller, limit.</summary>
    private const int MaxTokenFileChars = 64 * 1024;

    /// <summary>
    /// Shows which entries give a caller an identity and why the others that nearly do (same parent or a shared
    /// selector) do not, with the matcher the exchange uses (<see cref="EntryMatcher.Explain"/>). The caller is a token
    /// verified by the configured attestors, or <paramref name="selectors"/> for attestor <paramref name="attestor"/>.
    /// Exit 0 when some entry gives an identity, 1 when none does or the token is not verified, 2 on bad usage.
    /// </summary>
    public Task<int> ExplainAsync(
        ExplainInput input, IConfiguration environment, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        var (caller, exit) = await ResolveCallerAsync(input, environment, cancellationToken).ConfigureAwait(false);
        if (caller is null)
        {
            return exit;
        }

        var entries = await ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var explanations = EntryMatcher.Explain(
            entries, caller.ParentId, [.. caller.Selectors], caller.TemplateValues, connection.Validator.TrustDomain,
            input.Audiences, TimeProvider.System.GetUtcNow());
        var shown = explanations.Where(e => e.GivesIdentity || e.IsNear).ToArray();
        var hidden = explanations.Count - shown.Length;
        if (json)
        {
            EntryExplanationRendering.WriteJson(console, caller, shown, hidden);
        }
        else
        {
            EntryExplanationRendering.WriteTable(console, caller, shown, hidden);
        }

        return shown.Any(e => e.GivesIdentity) ? 0 : Refused;
    });

    private async Task<(CallerFacts? Caller, int Exit)> ResolveCallerAsync(
        ExplainInput input, IConfiguration environment, CancellationToken cancellationToken)
    {
        var trustDomain = connection.Validator.TrustDomain;
        if (input.TokenSource is null)
        {
            var errors = new List<string>();
            if (string.IsNullOrEmpty(input.Attestor))
            {
                errors.Add("Give --token FILE|- (a subject token to verify), or --selector values with --attestor NAME.");
            }

            var selectors = new List<Selector>();
            foreach (var text in input.Selectors)
            {
                if (Selector.TryParse(text, out var selector))
                {
                    selectors.Add(selector);
                }
                else
                {
                    errors.Add($"--selector '{text}' is not of the form type:value.");
                }
            }

            if (selectors.FirstOrDefault(s => WorkloadSelectors.IsWorkloadType(s.Type)) is { Type: not null } workload)
            {
                // Agent-side entries are served through the agent API, not /token; explaining them needs the agent's
                // node sets too, which this command does not look up.
                errors.Add($"--selector '{workload}' is a workload selector, presented to an agent rather than to /token: explain covers " +
                    "callers of /token (entries under an attestor). An agent serves the entries under its own ID and under each node set " +
                    "whose selectors its node has (docs/registration.md); see them with 'bridge entry list'.");
            }

            if (selectors.Count == 0 && errors.Count == 0)
            {
                errors.Add("--attestor needs at least one --selector.");
            }

            if (errors.Count > 0)
            {
                EntryRendering.WriteErrors(console, "Nothing to explain:", errors);
                return (null, UsageError);
            }

            return (new CallerFacts
            {
                Attestor = input.Attestor!,
                ParentId = BridgeIds.AttestorParent(trustDomain, input.Attestor!),
                Selectors = [.. selectors.Distinct().OrderBy(s => s.ToString(), StringComparer.Ordinal)],
            }, 0);
        }

        if (input.Selectors.Count > 0 || input.Attestor is not null)
        {
            EntryRendering.WriteErrors(console, "Nothing to explain:", ["--token and --selector/--attestor exclude each other: a token brings its own verified facts."]);
            return (null, UsageError);
        }

        var token = await ReadTokenAsync(input.TokenSource, cancellationToken).ConfigureAwait(false);
        if (token is null)
        {
            return (null, UsageError);
        }

        var (caller, verifyErrors, misconfigured) = await TokenVerifier.VerifyAsync(token, input.TokenType, environment, trustDomain, cancellationToken)
            .ConfigureAwait(false);
        if (caller is null)
        {
            EntryRendering.WriteErrors(console, misconfigured ? "The attestors cannot be set up:" : "The token is refused:", verifyErrors);
            return (null, misconfigured ? UsageError : Refused);
        }

        return (caller, 0);
    }

    private async Task<string?> ReadTokenAsync(string source, CancellationToken cancellationToken)
    {
        string text;
        if (source == "-")
        {
            var buffer = new char[MaxTokenFileChars + 1];
            var read = await Console.In.ReadBlockAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
            text = new string(buffer, 0, read);
        }
        else if (!File.Exists(source))
        {
            EntryRendering.WriteErrors(console, "Nothing to explain:", [$"--token {Path.GetFullPath(source)} does not exist."]);
            return null;
        }
        else if (new FileInfo(source).Length > MaxTokenFileChars)
        {
            EntryRendering.WriteErrors(console, "Nothing to explain:", [$"The token is longer than {MaxTokenFileChars} characters."]);
            return null;
        }
        else
        {
            text = await File.ReadAllTextAsync(source, cancellationToken).ConfigureAwait(false);
        }

        // Tools print tokens with a trailing newline (the AWS CLI's text output does); the token itself has no whitespace.
        text = text.Trim();
        if (text.Length == 0 || text.Length > MaxTokenFileChars)
        {
            EntryRendering.WriteErrors(console, "Nothing to explain:", [text.Length == 0 ? "The token is empty." : $"The token is longer than {MaxTokenFileChars} characters."]);
            return null;
        }

        return text;
    }
}
