namespace Bridge.Cli.Entries;

/// <summary>What <c>bridge entry explain</c> was given on its command line.</summary>
internal sealed record ExplainInput
{
    /// <summary>A token file, or <c>-</c> for standard input; null when selectors are given instead.</summary>
    public string? TokenSource { get; init; }

    /// <summary>The token's RFC 8693 type, as the caller would send it as <c>subject_token_type</c>.</summary>
    public required string TokenType { get; init; }

    /// <summary>Selectors to explain instead of a token.</summary>
    public IReadOnlyList<string> Selectors { get; init; } = [];

    /// <summary>The attestor the selectors stand for.</summary>
    public string? Attestor { get; init; }

    /// <summary>Audiences a JWT-SVID would be asked for; checked against each entry.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];
}
