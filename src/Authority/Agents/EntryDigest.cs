using System.Buffers.Binary;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Bridge.Abstractions.Registration;

namespace Bridge.Authority.Agents;

/// <summary>
/// The revisions of the agent sync: SHA-256 digests, base64url without padding. An entry's digest covers every field
/// the sync returns, not only its id and store revision: an entry deleted and created again under the same id starts
/// at revision 1 again, and must still change the set's revision.
/// </summary>
internal static class EntryDigest
{
    // Entries are immutable and the stores hand out the same instances until an entry changes (as EntryIdentity relies
    // on): each entry is hashed once, and a sync hashes only the per-entry digests.
    private static readonly ConditionalWeakTable<RegistrationEntry, byte[]> Digests = new();

    /// <summary>The digest of a set of entries, in the order given (callers sort by id).</summary>
    public static string Of(IReadOnlyList<RegistrationEntry> entries)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> count = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(count, entries.Count);
        hash.AppendData(count);
        foreach (var entry in entries)
        {
            hash.AppendData(Digests.GetValue(entry, Compute));
        }

        return Base64Url.EncodeToString(hash.GetHashAndReset());
    }

    /// <summary>The digest of an entry-set revision together with the other parts of a response (the trust bundle).</summary>
    public static string Combine(string revision, string other)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendString(hash, revision);
        AppendString(hash, other);
        return Base64Url.EncodeToString(hash.GetHashAndReset());
    }

    private static byte[] Compute(RegistrationEntry entry)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendString(hash, entry.Id);
        AppendString(hash, entry.SpiffeId);
        AppendString(hash, entry.ParentId.ToString());
        AppendStrings(hash, entry.Selectors.Select(s => s.ToString()).ToList());
        AppendLong(hash, entry.X509SvidTtl?.Ticks ?? -1);
        AppendLong(hash, entry.JwtSvidTtl?.Ticks ?? -1);
        AppendStrings(hash, entry.Audiences);
        AppendStrings(hash, entry.DnsNames);
        AppendLong(hash, entry.Hint is null ? -1 : entry.Hint.Length);
        AppendString(hash, entry.Hint ?? string.Empty);
        AppendLong(hash, entry.ExpiresAt?.UtcTicks ?? -1);
        AppendLong(hash, entry.Revision);
        return hash.GetHashAndReset();
    }

    private static void AppendStrings(IncrementalHash hash, IReadOnlyList<string> values)
    {
        AppendLong(hash, values.Count);
        foreach (var value in values)
        {
            AppendString(hash, value);
        }
    }

    // Length-prefixed, so that no two different field lists hash the same bytes.
    private static void AppendString(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        AppendLong(hash, bytes.Length);
        hash.AppendData(bytes);
    }

    private static void AppendLong(IncrementalHash hash, long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(buffer, value);
        hash.AppendData(buffer);
    }
}
