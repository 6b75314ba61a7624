using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bridge.Attestors.AwsIid;

/// <summary>
/// The fields of an EC2 instance identity document the attestor uses, each checked against the form AWS gives it, since
/// they become SPIFFE ID path segments (account, Region, instance ID) and selector values. Only a document taken from a
/// verified signature reaches the policy checks, but its fields are still checked: a parser is no place to trust input.
/// </summary>
internal sealed partial record InstanceIdentityDocument(
    string AccountId,
    string Region,
    string AvailabilityZone,
    string InstanceId,
    string ImageId,
    string InstanceType,
    DateTimeOffset PendingTime)
{
    private static readonly string[] PendingTimeFormats = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    /// <summary>
    /// Parses the document JSON. A member that is repeated anywhere, or a required one that is missing, not a string or
    /// not in its form, fails; members the attestor does not use (<c>privateIp</c>, <c>architecture</c>, …) are skipped.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out InstanceIdentityDocument? document, out string problem)
    {
        document = null;
        try
        {
            return TryParseObject(utf8, out document, out problem);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            problem = "the document is not valid JSON";
            return false;
        }
    }

    private static bool TryParseObject(ReadOnlySpan<byte> utf8, out InstanceIdentityDocument? document, out string problem)
    {
        document = null;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 8 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            problem = "the document is not a JSON object";
            return false;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (!seen.Add(name))
            {
                problem = "the document repeats a member";
                return false;
            }

            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                values[name] = reader.GetString()!;
            }
            else
            {
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            problem = "the document is not a single JSON object";
            return false;
        }

        var problems = new List<string>();
        var account = Field(values, "accountId", AccountPattern(), problems);
        var region = Field(values, "region", RegionPattern(), problems);
        var zone = Field(values, "availabilityZone", ZonePattern(), problems);
        var instance = Field(values, "instanceId", InstancePattern(), problems);
        var image = Field(values, "imageId", ImagePattern(), problems);
        var type = Field(values, "instanceType", InstanceTypePattern(), problems);
        if (zone is not null && region is not null && !zone.StartsWith(region, StringComparison.Ordinal))
        {
            problems.Add("availabilityZone is not in region");
        }

        DateTimeOffset pending = default;
        if (!values.TryGetValue("pendingTime", out var pendingText)
            || !DateTimeOffset.TryParseExact(
                pendingText, PendingTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out pending))
        {
            problems.Add("pendingTime is missing or not an ISO 8601 UTC time");
        }

        if (problems.Count > 0)
        {
            problem = "the document is malformed: " + string.Join(", ", problems);
            return false;
        }

        document = new InstanceIdentityDocument(account!, region!, zone!, instance!, image!, type!, pending);
        problem = string.Empty;
        return true;
    }

    private static string? Field(Dictionary<string, string> values, string name, Regex pattern, List<string> problems)
    {
        if (values.TryGetValue(name, out var value) && pattern.IsMatch(value))
        {
            return value;
        }

        problems.Add(name + " is missing or malformed");
        return null;
    }

    // The forms below are AWS's; anchored with \z so a trailing newline cannot slip through '$'.
    [GeneratedRegex(@"^[0-9]{12}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AccountPattern();

    [GeneratedRegex(@"^[a-z]{2,4}(-[a-z]+){1,3}-[0-9]{1,2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^[a-z0-9-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ZonePattern();

    [GeneratedRegex(@"^i-([0-9a-f]{8}|[0-9a-f]{17})\z", RegexOptions.CultureInvariant)]
    private static partial Regex InstancePattern();

    [GeneratedRegex(@"^ami-([0-9a-f]{8}|[0-9a-f]{17})\z", RegexOptions.CultureInvariant)]
    private static partial Regex ImagePattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,31}\.[a-z0-9-]{1,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceTypePattern();
}
