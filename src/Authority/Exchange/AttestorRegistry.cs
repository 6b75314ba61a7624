using System.Collections.Frozen;
using Bridge.Abstractions.Attestation;

namespace Bridge.Authority.Exchange;

/// <summary>
/// Routes a <c>subject_token_type</c> to the one attestor that accepts it. Two attestors claiming one type is a
/// configuration error found at start, never a guess at request time.
/// </summary>
public sealed class AttestorRegistry
{
    private readonly FrozenDictionary<string, IAttestor> _byTokenType;

    /// <summary>Builds the routing table.</summary>
    /// <exception cref="InvalidOperationException">Two attestors accept the same token type.</exception>
    public AttestorRegistry(IEnumerable<IAttestor> attestors)
    {
        ArgumentNullException.ThrowIfNull(attestors);
        var table = new Dictionary<string, IAttestor>(StringComparer.Ordinal);
        foreach (var attestor in attestors)
        {
            foreach (var tokenType in attestor.SubjectTokenTypes)
            {
                if (!table.TryAdd(tokenType, attestor))
                {
                    throw new InvalidOperationException(
                        $"Attestors '{table[tokenType].Name}' and '{attestor.Name}' both accept subject token type '{tokenType}'.");
                }
            }
        }

        _byTokenType = table.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The token types some attestor accepts.</summary>
    public IEnumerable<string> SubjectTokenTypes => _byTokenType.Keys;

    /// <summary>Finds the attestor for <paramref name="subjectTokenType"/> by exact match.</summary>
    public IAttestor? Find(string subjectTokenType) => _byTokenType.GetValueOrDefault(subjectTokenType);
}
