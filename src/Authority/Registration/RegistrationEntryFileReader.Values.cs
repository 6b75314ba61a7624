using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;
using Names = Bridge.Authority.Registration.RegistrationEntryFile.FieldNames;

namespace Bridge.Authority.Registration;

/// <summary>Typed field readers: each reports a problem on the draft instead of throwing, then moves on.</summary>
internal sealed partial class RegistrationEntryFileReader
{
    private static string? ReadString(ref Utf8JsonReader reader, string name, string where, EntryDraft draft)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        draft.Fail(name, where, "must be a string");
        reader.Skip();
        return null;
    }

    private List<string?>? ReadStrings(ref Utf8JsonReader reader, string name, string where, EntryDraft draft)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            draft.Fail(name, where, "must be an array of strings");
            reader.Skip();
            return null;
        }

        var values = new List<string?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                values.Add(reader.GetString());
                continue;
            }

            draft.Fail($"{name}[{values.Count}]", Where(ref reader), "must be a string");
            reader.Skip();
            values.Add(null);
        }

        return values;
    }

    private static TimeSpan? ReadSeconds(ref Utf8JsonReader reader, string name, string where, EntryDraft draft)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        draft.Fail(name, where, "must be a whole number of seconds");
        reader.Skip();
        return null;
    }

    private static DateTimeOffset? ReadTimestamp(ref Utf8JsonReader reader, string name, string where, EntryDraft draft)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String
            && reader.GetString() is { } text
            && Rfc3339().IsMatch(text)
            && DateTimeOffset.TryParse(
                text.ToUpperInvariant(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value;
        }

        draft.Fail(name, where, "must be an RFC 3339 timestamp such as 2030-01-01T00:00:00Z");
        reader.Skip();
        return null;
    }
}
