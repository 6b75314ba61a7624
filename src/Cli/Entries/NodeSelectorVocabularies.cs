using Bridge.Abstractions.Attestation;
using Bridge.Attestors.AwsIid;
using Bridge.Attestors.AwsSts;

namespace Bridge.Cli.Entries;

/// <summary>
/// The node selectors node attestors emit, which node-set definitions list: <c>bridge entry</c> warns about a definition
/// selector outside every one of them (no node could ever present it). The one place node attestor vocabularies are
/// listed: a new node attestor adds its vocabulary here.
/// </summary>
internal static class NodeSelectorVocabularies
{
    /// <summary>Every node attestor's vocabulary.</summary>
    public static IReadOnlyList<SelectorVocabulary> Every { get; } = [AwsIidSelectors.Vocabulary, AwsStsNodeSelectors.Vocabulary];
}
