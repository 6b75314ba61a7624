using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>
/// Maps a <see cref="RegistrationEntry"/> to its DynamoDB item and back (attribute names in docs/dynamodb.md). Lists
/// keep their order; optional fields are left out when unset.
/// </summary>
internal static class RegistrationEntryItem
{
    /// <summary>The partition key value shared by every entry item, so one Query lists them in id order.</summary>
    public const string EntryPartition = "entry";

    public const string SpiffeId = "spiffe_id";
    public const string Selectors = "selectors";
    public const string X509SvidTtl = "x509_svid_ttl_s";
    public const string JwtSvidTtl = "jwt_svid_ttl_s";
    public const string Audiences = "audiences";
    public const string DnsNames = "dns_names";
    public const string Hint = "hint";
    public const string EntryExpiresAt = "entry_expires_at";
    public const string Revision = "revision";

    public static Dictionary<string, AttributeValue> Key(string id) => new(StringComparer.Ordinal)
    {
        [DynamoDbTableSchema.PartitionKey] = new AttributeValue { S = EntryPartition },
        [DynamoDbTableSchema.SortKey] = new AttributeValue { S = id },
    };

    public static Dictionary<string, AttributeValue> ToItem(RegistrationEntry entry, long revision)
    {
        var item = Key(entry.Id);
        item[SpiffeId] = new AttributeValue { S = entry.SpiffeId };
        item[DynamoDbTableSchema.ParentIdAttribute] = new AttributeValue { S = entry.ParentId.ToString() };
        item[Selectors] = StringList(entry.Selectors.Select(s => s.ToString()));
        item[Revision] = Number(revision);
        if (entry.X509SvidTtl is { } x509Ttl)
        {
            item[X509SvidTtl] = Seconds(x509Ttl);
        }

        if (entry.JwtSvidTtl is { } jwtTtl)
        {
            item[JwtSvidTtl] = Seconds(jwtTtl);
        }

        if (entry.Audiences.Count > 0)
        {
            item[Audiences] = StringList(entry.Audiences);
        }

        if (entry.DnsNames.Count > 0)
        {
            item[DnsNames] = StringList(entry.DnsNames);
        }

        if (entry.Hint is not null)
        {
            item[Hint] = new AttributeValue { S = entry.Hint };
        }

        if (entry.ExpiresAt is { } expiresAt)
        {
            item[EntryExpiresAt] = new AttributeValue { S = expiresAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) };
        }

        return item;
    }

    /// <exception cref="InvalidDataException">The item is not a well-formed entry (written by something else).</exception>
    public static RegistrationEntry FromItem(Dictionary<string, AttributeValue> item)
    {
        try
        {
            return new RegistrationEntry
            {
                Id = RequiredString(item, DynamoDbTableSchema.SortKey),
                SpiffeId = RequiredString(item, SpiffeId),
                ParentId = Spiffe.Id.SpiffeId.Parse(RequiredString(item, DynamoDbTableSchema.ParentIdAttribute)),
                Selectors = [.. Strings(item, Selectors).Select(Selector.Parse)],
                X509SvidTtl = OptionalSeconds(item, X509SvidTtl),
                JwtSvidTtl = OptionalSeconds(item, JwtSvidTtl),
                Audiences = Strings(item, Audiences),
                DnsNames = Strings(item, DnsNames),
                Hint = item.TryGetValue(Hint, out var hint) ? hint.S : null,
                ExpiresAt = item.TryGetValue(EntryExpiresAt, out var expiresAt)
                    ? DateTimeOffset.ParseExact(expiresAt.S, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
                    : null,
                Revision = ParseRevision(item),
            };
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException("A registration entry item in DynamoDB is malformed.", ex);
        }
    }

    public static long ParseRevision(Dictionary<string, AttributeValue> item) =>
        long.Parse(RequiredAttribute(item, Revision).N, NumberStyles.None, CultureInfo.InvariantCulture);

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static AttributeValue StringList(IEnumerable<string> values) =>
        new() { L = [.. values.Select(v => new AttributeValue { S = v })] };

    // Ticks are exact decimals with seven places, so the number round-trips any TimeSpan.
    private static AttributeValue Seconds(TimeSpan value) =>
        new() { N = (value.Ticks / (decimal)TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture) };

    private static TimeSpan? OptionalSeconds(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value)
            ? TimeSpan.FromTicks((long)(decimal.Parse(value.N, NumberStyles.Number, CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond))
            : null;

    private static string[] Strings(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.L is { } list
            ? [.. list.Select(v => v.S ?? throw new FormatException($"{name} holds a non-string."))]
            : [];

    private static string RequiredString(Dictionary<string, AttributeValue> item, string name) =>
        RequiredAttribute(item, name).S ?? throw new FormatException($"{name} is not a string.");

    private static AttributeValue RequiredAttribute(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value : throw new FormatException($"{name} is missing.");
}
