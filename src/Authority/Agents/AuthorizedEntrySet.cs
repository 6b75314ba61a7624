namespace Bridge.Authority.Agents;

/// <summary>
/// The entries one agent may serve (<see cref="AgentEntryAuthorizer"/>), ordered by entry id, and a revision that is
/// the same exactly when the set and every entry in it are the same.
/// </summary>
public sealed class AuthorizedEntrySet
{
    private readonly Dictionary<string, AuthorizedEntry> _byId;

    internal AuthorizedEntrySet(IReadOnlyList<AuthorizedEntry> entries, string revision)
    {
        Entries = entries;
        Revision = revision;
        _byId = new Dictionary<string, AuthorizedEntry>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            _byId.TryAdd(entry.Entry.Id, entry);
        }
    }

    /// <summary>The authorized entries, ordered by entry id (ordinal).</summary>
    public IReadOnlyList<AuthorizedEntry> Entries { get; }

    /// <summary>An opaque digest (base64url SHA-256) of the set: unchanged set, unchanged revision.</summary>
    public string Revision { get; }

    /// <summary>The authorized entry with <paramref name="entryId"/>, or null when the agent may not ask for it.</summary>
    public AuthorizedEntry? Find(string entryId)
    {
        ArgumentNullException.ThrowIfNull(entryId);
        return _byId.GetValueOrDefault(entryId);
    }
}
