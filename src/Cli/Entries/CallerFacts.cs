using Bridge.Abstractions.Attestation;
using Bridge.Spiffe.Id;

namespace Bridge.Cli.Entries;

/// <summary>
/// What <c>bridge entry explain</c> matches entries against: a caller verified from a token by the configured attestors,
/// or selectors typed on the command line (then no template values are known).
/// </summary>
internal sealed record CallerFacts
{
    /// <summary>The attestor instance (the entries' parent names it).</summary>
    public required string Attestor { get; init; }

    /// <summary>The caller's parent ID.</summary>
    public required SpiffeId ParentId { get; init; }

    /// <summary>The selectors: verified from the token, or as given.</summary>
    public required IReadOnlyList<Selector> Selectors { get; init; }

    /// <summary>Verified template values; null when the facts come from <c>--selector</c> values.</summary>
    public IReadOnlyDictionary<string, string>? TemplateValues { get; init; }

    /// <summary>The verified issuer; null without a token.</summary>
    public string? Issuer { get; init; }

    /// <summary>The verified subject; null without a token.</summary>
    public string? Subject { get; init; }

    /// <summary>True when the facts were verified from a token.</summary>
    public bool FromToken => TemplateValues is not null;
}
