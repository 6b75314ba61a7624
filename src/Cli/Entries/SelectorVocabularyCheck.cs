using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Attestors.Oidc;
using Bridge.Authority.Registration;
using Microsoft.Extensions.Configuration;

namespace Bridge.Cli.Entries;

/// <summary>
/// Warns about entry selectors no caller can ever present: outside the vocabulary of the attestor the entry's parent
/// names (from the service's configured issuers, <c>Bridge:Attestors:Oidc:Issuers</c>), or, with no issuer configured,
/// outside every attestor profile's vocabulary. Such an entry is valid but can never match, as
/// <c>aws:role_name:payments</c> (the selector is <c>aws:role:…</c>; <c>role_name</c> is a template value). Warnings
/// only: the service decides nothing from vocabularies. Entries under an agent or a node set are checked against the
/// workload selectors (<see cref="WorkloadSelectors"/>), node-set definitions against the node attestors'
/// vocabularies (<see cref="NodeSelectorVocabularies"/>).
/// </summary>
internal sealed class SelectorVocabularyCheck
{
    private readonly Dictionary<string, (OidcIssuerProfile Profile, SelectorVocabulary Vocabulary)> _configured;
    private readonly string? _configurationProblem;
    private readonly IReadOnlyList<SelectorVocabulary> _nodeVocabularies;

    private SelectorVocabularyCheck(
        Dictionary<string, (OidcIssuerProfile Profile, SelectorVocabulary Vocabulary)> configured,
        string? configurationProblem,
        IReadOnlyList<SelectorVocabulary> nodeVocabularies)
    {
        _configured = configured;
        _configurationProblem = configurationProblem;
        _nodeVocabularies = nodeVocabularies;
    }

    /// <summary>Reads the configured issuers the way the service binds them.</summary>
    /// <param name="configuration">The service's settings.</param>
    /// <param name="nodeVocabularies">The node attestors' vocabularies (default <see cref="NodeSelectorVocabularies.Every"/>).</param>
    public static SelectorVocabularyCheck From(IConfiguration configuration, IReadOnlyList<SelectorVocabulary>? nodeVocabularies = null)
    {
        nodeVocabularies ??= NodeSelectorVocabularies.Every;
        var options = new OidcAttestorOptions();
        try
        {
            configuration.GetSection(OidcAttestorOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException exception)
        {
            // The service refuses to start with such settings; here they only weaken a warning.
            return new([], $"the attestor settings ({OidcAttestorOptions.SectionName}) cannot be read: {exception.Message}", nodeVocabularies);
        }

        var configured = new Dictionary<string, (OidcIssuerProfile, SelectorVocabulary)>(StringComparer.Ordinal);
        foreach (var issuer in options.Issuers.Where(i => !string.IsNullOrEmpty(i.Name)))
        {
            configured[issuer.Name] = (issuer.Profile, OidcSelectorVocabulary.For(issuer));
        }

        return new(configured, null, nodeVocabularies);
    }

    /// <summary>Every warning about <paramref name="entry"/>; empty when each selector can be presented.</summary>
    public IReadOnlyList<string> Check(RegistrationEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var warnings = new List<string>();
        switch (EntryParentKinds.Of(entry.ParentId))
        {
            case EntryParentKind.Agent or EntryParentKind.NodeSet:
                foreach (var selector in entry.Selectors.Where(s => !WorkloadSelectors.Every.Any(v => v.Covers(s))))
                {
                    warnings.Add($"entry {entry.Id}: selector '{selector}' is not a workload selector any Bridge agent presents, so the entry " +
                        $"can never match (workload selectors: {string.Join(", ", WorkloadSelectors.Every.SelectMany(v => v.Forms))}).");
                }

                return warnings;
            case EntryParentKind.Server when _nodeVocabularies.Count > 0:
                foreach (var selector in entry.Selectors.Where(s => !_nodeVocabularies.Any(v => v.Covers(s))))
                {
                    warnings.Add($"entry {entry.Id}: selector '{selector}' is not one any Bridge node attestor emits, so no node ever joins the " +
                        $"node set through this definition (node selectors: {string.Join(", ", _nodeVocabularies.SelectMany(v => v.Forms))}).");
                }

                return warnings;
        }

        if (!BridgeIds.TryGetAttestorName(entry.ParentId, out var attestor))
        {
            // Other parents are refused by the validator; nothing to add here.
            return warnings;
        }

        if (_configured.Count == 0)
        {
            foreach (var selector in entry.Selectors.Where(s => !OidcSelectorVocabulary.EveryProfile.Any(v => v.Covers(s))))
            {
                warnings.Add($"entry {entry.Id}: selector '{selector}' is not one any Bridge attestor emits, so the entry can never match " +
                    $"(known forms: {string.Join(", ", OidcSelectorVocabulary.EveryProfile.SelectMany(v => v.Forms))})" +
                    (_configurationProblem is null ? "; no issuer is configured to check against" : $"; {_configurationProblem}") + ".");
            }

            return warnings;
        }

        if (!_configured.TryGetValue(attestor, out var issuer))
        {
            warnings.Add($"entry {entry.Id}: parent {entry.ParentId} names attestor '{attestor}', which is not configured " +
                $"(configured: {string.Join(", ", _configured.Keys.Order(StringComparer.Ordinal))}), so the entry can never match.");
            return warnings;
        }

        foreach (var selector in entry.Selectors.Where(s => !issuer.Vocabulary.Covers(s)))
        {
            warnings.Add($"entry {entry.Id}: selector '{selector}' is not one attestor '{attestor}' ({issuer.Profile}) emits, so the entry " +
                $"can never match (it emits {string.Join(", ", issuer.Vocabulary.Forms)}).");
        }

        return warnings;
    }
}
