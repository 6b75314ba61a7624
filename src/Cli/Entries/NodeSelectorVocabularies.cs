using Bridge.Abstractions.Attestation;

namespace Bridge.Cli.Entries;

/// <summary>
/// The node selectors node attestors emit, which node-set definitions list: <c>bridge entry</c> warns about a definition
/// selector outside every one of them (no node could ever present it). THE ONE PLACE node attestor vocabularies are
/// listed: add each node attestor's vocabulary here (the EC2 IID attestor's is
/// <c>Bridge.Attestors.AwsIid.AwsIidSelectors.Vocabulary</c>). While the list is empty, definitions are not checked.
/// </summary>
internal static class NodeSelectorVocabularies
{
    /// <summary>Every node attestor's vocabulary.</summary>
    public static IReadOnlyList<SelectorVocabulary> Every { get; } = [];
}
