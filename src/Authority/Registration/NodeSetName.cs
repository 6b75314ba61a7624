using System.Text.RegularExpressions;

namespace Bridge.Authority.Registration;

/// <summary>
/// The rule for node-set names, the last segment of <c>spiffe://&lt;td&gt;/bridge/nodeset/&lt;name&gt;</c>: 1 to 63
/// lowercase letters, digits, '.', '_' or '-', starting with a letter or digit. Lowercase only, so that <c>Web</c> and
/// <c>web</c> can never be two sets an operator reads as one; short, so that the name fits a table column and a log line.
/// </summary>
public static partial class NodeSetName
{
    /// <summary>The longest name.</summary>
    public const int MaxLength = 63;

    /// <summary>The rule in one line, for messages.</summary>
    public const string RuleSummary = "1 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit";

    /// <summary>True when <paramref name="name"/> follows the rule.</summary>
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
