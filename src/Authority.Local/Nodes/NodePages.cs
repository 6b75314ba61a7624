using Bridge.Abstractions.Nodes;
using Bridge.Authority.Paging;

namespace Bridge.Authority.Local.Nodes;

/// <summary>The <see cref="INodeStore.ListAsync"/> paging of the stores that hold every record in one sorted map.</summary>
internal static class NodePages
{
    /// <summary>Checks the page size and decodes the token (before any read): the last agent ID of the previous page, or null.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is not between 1 and <see cref="INodeStore.MaxPageSize"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="pageToken"/> is malformed.</exception>
    public static string? After(string? pageToken, int pageSize, PageTokenCodec tokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, INodeStore.MaxPageSize);
        return pageToken is null ? null : tokens.Decode(pageToken);
    }

    /// <summary>
    /// The records of <paramref name="nodes"/> (keyed and ordered by agent ID, ordinal) after <paramref name="after"/>, at
    /// most <paramref name="pageSize"/>, with a token when more follow.
    /// </summary>
    public static NodeRecordPage Take(SortedDictionary<string, NodeRecord> nodes, string? after, int pageSize, PageTokenCodec tokens)
    {
        var page = nodes
            .Where(pair => after is null || string.CompareOrdinal(pair.Key, after) > 0)
            .Take(pageSize + 1)
            .Select(pair => pair.Value)
            .ToList();
        if (page.Count <= pageSize)
        {
            return new NodeRecordPage(page, NextPageToken: null);
        }

        page.RemoveAt(pageSize);
        return new NodeRecordPage(page, tokens.Encode(page[^1].AgentId.ToString()));
    }
}
