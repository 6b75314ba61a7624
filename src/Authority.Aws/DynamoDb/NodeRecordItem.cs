using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>Maps a <see cref="NodeRecord"/> to its DynamoDB item and back (attribute names in docs/dynamodb.md).</summary>
internal static class NodeRecordItem
{
    /// <summary>The partition key value shared by every node record, so one Query lists them in agent-ID order.</summary>
    public const string NodePartition = "node";

    public const string Attestor = "attestor";
    public const string Fingerprint = "fingerprint";
    public const string Selectors = "selectors";
    public const string FirstAttestedAt = "first_attested_at";
    public const string LastAttestedAt = "last_attested_at";
    public const string EvidenceIssuedAt = "evidence_issued_at";
    public const string SvidSerial = "svid_serial";
    public const string PendingSvidSerial = "pending_svid_serial";
    public const string SvidExpiresAt = "svid_expires_at";
    public const string Banned = "banned";
    public const string Revision = "revision";

    public static Dictionary<string, AttributeValue> Key(string agentId) => new(StringComparer.Ordinal)
    {
        [DynamoDbTableSchema.PartitionKey] = new AttributeValue { S = NodePartition },
        [DynamoDbTableSchema.SortKey] = new AttributeValue { S = agentId },
    };

    /// <summary>The item; a record not banned carries the TTL attribute, a banned one never does (TTL must not lift a ban).</summary>
    public static Dictionary<string, AttributeValue> ToItem(NodeRecord node, long revision, TimeSpan expiryGrace)
    {
        var item = Key(node.AgentId.ToString());
        item[Attestor] = new AttributeValue { S = node.AttestorName };
        item[Fingerprint] = new AttributeValue { S = node.AttestationFingerprint };
        item[Selectors] = new AttributeValue { L = [.. node.Selectors.Select(s => new AttributeValue { S = s.ToString() })] };
        item[FirstAttestedAt] = Time(node.FirstAttestedAt);
        item[LastAttestedAt] = Time(node.LastAttestedAt);
        if (node.EvidenceIssuedAt is { } evidenceIssuedAt)
        {
            item[EvidenceIssuedAt] = Time(evidenceIssuedAt);
        }

        item[SvidSerial] = new AttributeValue { S = node.SvidSerialNumber };
        if (node.PendingSvidSerialNumber is { } pending)
        {
            item[PendingSvidSerial] = new AttributeValue { S = pending };
        }

        item[SvidExpiresAt] = Time(node.SvidExpiresAt);
        item[Banned] = new AttributeValue { BOOL = node.Banned };
        item[Revision] = Number(revision);
        if (!node.Banned)
        {
            item[DynamoDbTableSchema.TimeToLiveAttribute] = Number(CeilingUnixSeconds(node.SvidExpiresAt + expiryGrace));
        }

        return item;
    }

    /// <exception cref="InvalidDataException">The item is not a well-formed node record (written by something else).</exception>
    public static NodeRecord FromItem(Dictionary<string, AttributeValue> item)
    {
        try
        {
            return new NodeRecord
            {
                AgentId = SpiffeId.Parse(RequiredString(item, DynamoDbTableSchema.SortKey)),
                AttestorName = RequiredString(item, Attestor),
                AttestationFingerprint = RequiredString(item, Fingerprint),
                Selectors = item.TryGetValue(Selectors, out var selectors) && selectors.L is { } list
                    ? [.. list.Select(v => Selector.Parse(v.S ?? throw new FormatException("selectors holds a non-string.")))]
                    : [],
                FirstAttestedAt = ParseTime(RequiredString(item, FirstAttestedAt)),
                LastAttestedAt = ParseTime(RequiredString(item, LastAttestedAt)),
                EvidenceIssuedAt = item.TryGetValue(EvidenceIssuedAt, out var evidence) ? ParseTime(evidence.S ?? throw new FormatException("evidence_issued_at is not a string.")) : null,
                SvidSerialNumber = RequiredString(item, SvidSerial),
                PendingSvidSerialNumber = item.TryGetValue(PendingSvidSerial, out var pending) ? pending.S : null,
                SvidExpiresAt = ParseTime(RequiredString(item, SvidExpiresAt)),
                Banned = item.TryGetValue(Banned, out var banned) && banned.BOOL == true,
                Revision = long.Parse(RequiredAttribute(item, Revision).N, NumberStyles.None, CultureInfo.InvariantCulture),
            };
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException("A node record item in DynamoDB is malformed.", ex);
        }
    }

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static long CeilingUnixSeconds(DateTimeOffset at)
    {
        var seconds = at.ToUnixTimeSeconds();
        return at > DateTimeOffset.FromUnixTimeSeconds(seconds) ? seconds + 1 : seconds;
    }

    private static AttributeValue Time(DateTimeOffset value) =>
        new() { S = value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) };

    private static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.ParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static string RequiredString(Dictionary<string, AttributeValue> item, string name) =>
        RequiredAttribute(item, name).S ?? throw new FormatException($"{name} is not a string.");

    private static AttributeValue RequiredAttribute(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value : throw new FormatException($"{name} is missing.");
}
