using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;
using Names = Bridge.Authority.Registration.RegistrationEntryFile.FieldNames;

namespace Bridge.Authority.Registration;

/// <summary>
/// Reads the registration file with <see cref="Utf8JsonReader"/> (no reflection, AOT-safe), keeping going after
/// every recoverable problem so that one run reports them all. Problems carry the line they were found on.
/// </summary>
internal sealed partial class RegistrationEntryFileReader
{
    private readonly byte[] _json;
    private readonly RegistrationEntryValidator _validator;
    private readonly List<int> _lineStarts = [0];
    private readonly List<string> _errors = [];
    private readonly List<RegistrationEntry> _entries = [];
    private readonly Dictionary<string, int> _entryIndexById = new(StringComparer.Ordinal);
    private int _entryCount;

    private RegistrationEntryFileReader(ReadOnlySpan<byte> json, RegistrationEntryValidator validator)
    {
        _json = json.ToArray();
        _validator = validator;
        for (var i = 0; i < _json.Length; i++)
        {
            if (_json[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public static RegistrationEntryFileParseResult Read(ReadOnlySpan<byte> json, RegistrationEntryValidator validator)
    {
        var fileReader = new RegistrationEntryFileReader(json, validator);
        fileReader.ReadDocument();
        return new RegistrationEntryFileParseResult(fileReader._entries, fileReader._errors);
    }

    private void ReadDocument()
    {
        var reader = new Utf8JsonReader(_json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read())
            {
                _errors.Add("line 1: the file is empty; expected { \"entries\": [ ... ] }");
                return;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                _errors.Add($"{Where(ref reader)}: the document must be a JSON object {{ \"entries\": [ ... ] }}");
                return;
            }

            var members = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                var where = Where(ref reader);
                reader.Read();
                if (!members.Add(name))
                {
                    _errors.Add($"{where}: duplicate member {Quote(name)}");
                    reader.Skip();
                }
                else if (name == Names.Entries)
                {
                    ReadEntries(ref reader);
                }
                else
                {
                    _errors.Add($"{where}: unknown member {Quote(name)}");
                    reader.Skip();
                }
            }

            if (!members.Contains(Names.Entries))
            {
                _errors.Add($"{Where(ref reader)}: the member \"entries\" is required");
            }

            // Anything after the closing brace makes the reader throw: trailing content is a syntax error.
            reader.Read();
        }
        catch (JsonException ex)
        {
            var message = ex.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            _errors.Add($"line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}: invalid JSON: " +
                (cut > 0 ? message[..cut] : message));
        }
    }

    private void ReadEntries(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            _errors.Add($"{Where(ref reader)}: \"entries\" must be an array");
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var index = _entryCount++;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                _errors.Add($"{Where(ref reader)}: entries[{index}]: must be an object");
                reader.Skip();
                continue;
            }

            ReadEntry(ref reader, index);
        }
    }

    private void ReadEntry(ref Utf8JsonReader reader, int index)
    {
        var start = Where(ref reader);
        var draft = new EntryDraft();
        var members = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var where = Where(ref reader);
            reader.Read();
            if (!members.Add(name))
            {
                draft.Fail(name, where, "duplicate member");
                reader.Skip();
                continue;
            }

            ReadField(ref reader, name, where, draft);
        }

        Finish(draft, index, start);
    }

    private void ReadField(ref Utf8JsonReader reader, string name, string where, EntryDraft draft)
    {
        switch (name)
        {
            case Names.Id:
                draft.Id = ReadString(ref reader, name, where, draft);
                break;
            case Names.SpiffeId:
                draft.SpiffeId = ReadString(ref reader, name, where, draft);
                break;
            case Names.ParentId:
                var parent = ReadString(ref reader, name, where, draft);
                if (parent is not null)
                {
                    if (Spiffe.Id.SpiffeId.TryParse(parent, out var parentId, out var error))
                    {
                        draft.ParentId = parentId;
                    }
                    else
                    {
                        draft.Fail(name, where, error);
                    }
                }

                break;
            case Names.Selectors:
                draft.Selectors = ReadStrings(ref reader, name, where, draft)?.Select((value, i) =>
                {
                    if (value is not null && Selector.TryParse(value, out var selector))
                    {
                        return selector;
                    }

                    if (value is not null)
                    {
                        draft.Fail($"{name}[{i}]", where, "must have the form type:value");
                    }

                    return default;
                }).ToArray();
                break;
            case Names.X509SvidTtl:
                draft.X509SvidTtl = ReadSeconds(ref reader, name, where, draft);
                break;
            case Names.JwtSvidTtl:
                draft.JwtSvidTtl = ReadSeconds(ref reader, name, where, draft);
                break;
            case Names.Audiences:
                draft.Audiences = ReadStrings(ref reader, name, where, draft)?.Select(v => v ?? string.Empty).ToArray();
                break;
            case Names.DnsNames:
                draft.DnsNames = ReadStrings(ref reader, name, where, draft)?.Select(v => v ?? string.Empty).ToArray();
                break;
            case Names.Hint:
                draft.Hint = reader.TokenType == JsonTokenType.Null ? null : ReadString(ref reader, name, where, draft);
                break;
            case Names.ExpiresAt:
                draft.ExpiresAt = ReadTimestamp(ref reader, name, where, draft);
                break;
            case Names.Revision:
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var revision))
                {
                    draft.Revision = revision;
                }
                else
                {
                    draft.Fail(name, where, "must be an integer");
                }

                break;
            default:
                draft.Fail(name, where, $"unknown member {Quote(name)}", isField: false);
                reader.Skip();
                break;
        }
    }

    private void Finish(EntryDraft draft, int index, string start)
    {
        var label = draft.Id is { } id && RegistrationEntryValidator.IsValidId(id)
            ? $"entries[{index}] (id \"{id}\")"
            : $"entries[{index}]";
        var entry = draft.ToEntry();
        var problems = new List<string>(draft.Errors);
        foreach (var error in _validator.Validate(entry))
        {
            var path = error[..Math.Max(0, error.IndexOf(": ", StringComparison.Ordinal))];
            var bracket = path.IndexOf('[', StringComparison.Ordinal);
            var field = bracket < 0 ? path : path[..bracket];
            if (!draft.FailedPaths.Contains(path) && !draft.FailedPaths.Contains(field))
            {
                problems.Add($"{start}: {error}");
            }
        }

        if (!string.IsNullOrEmpty(entry.Id))
        {
            if (_entryIndexById.TryGetValue(entry.Id, out var first))
            {
                problems.Add($"{start}: id: duplicate of entries[{first}]");
            }
            else
            {
                _entryIndexById.Add(entry.Id, index);
            }
        }

        foreach (var problem in problems)
        {
            // "line 4, column 7: selectors[1]: ..." becomes "line 4, column 7: entries[0] (id "web"): selectors[1]: ...".
            var split = problem.IndexOf(": ", StringComparison.Ordinal);
            _errors.Add($"{problem[..split]}: {label}: {problem[(split + 2)..]}");
        }

        if (problems.Count == 0)
        {
            _entries.Add(entry);
        }
    }

    private string Where(ref Utf8JsonReader reader)
    {
        var offset = (int)reader.TokenStartIndex;
        var line = _lineStarts.BinarySearch(offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return $"line {line + 1}, column {offset - _lineStarts[line] + 1}";
    }

    // Member names go into messages shown on a terminal: no control characters (no forged lines), bounded length.
    private static string Quote(string name) => "\"" + Printable(name) + "\"";

    private static string Printable(string name)
    {
        var shown = name.Length > 64 ? name[..64] + "..." : name;
        return string.Concat(shown.Select(c => char.IsControl(c) ? '?' : c));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
