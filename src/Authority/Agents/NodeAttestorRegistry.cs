using System.Collections.Frozen;
using Bridge.Abstractions.Nodes;

namespace Bridge.Authority.Agents;

/// <summary>
/// Routes the attestor name an agent sends (<c>aws_iid</c>) to the one <see cref="INodeAttestor"/> of that name. Two
/// attestors with one name are a configuration error found at start.
/// </summary>
public sealed class NodeAttestorRegistry
{
    private readonly FrozenDictionary<string, INodeAttestor> _byName;

    /// <summary>Builds the routing table.</summary>
    /// <exception cref="InvalidOperationException">Two node attestors have the same name.</exception>
    public NodeAttestorRegistry(IEnumerable<INodeAttestor> attestors)
    {
        ArgumentNullException.ThrowIfNull(attestors);
        var table = new Dictionary<string, INodeAttestor>(StringComparer.Ordinal);
        foreach (var attestor in attestors)
        {
            if (!table.TryAdd(attestor.Name, attestor))
            {
                throw new InvalidOperationException($"Two node attestors are named '{attestor.Name}'.");
            }
        }

        _byName = table.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The names of the configured node attestors.</summary>
    public IEnumerable<string> Names => _byName.Keys;

    /// <summary>Finds the node attestor named <paramref name="name"/> (exact match).</summary>
    public INodeAttestor? Find(string name) => _byName.GetValueOrDefault(name);
}
