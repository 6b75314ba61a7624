using System.Text.Json.Nodes;
using Bridge.Testing;

namespace Bridge.ExchangeFunction.Tests.Lambda;

/// <summary>
/// One file of the repository's <c>events/</c> folder: an API Gateway HTTP API payload 2.0 event whose body may hold
/// <c>{{name}}</c> placeholders for values that cannot be static (subject tokens expire and are single-use, CSRs carry a
/// fresh key).
/// </summary>
public sealed record SampleEvent(string Name, string Json)
{
    /// <summary>The placeholders this harness fills.</summary>
    public static readonly IReadOnlyList<string> KnownPlaceholders = ["subject_token", "unregistered_subject_token", "csr"];

    /// <summary>The <c>events/</c> folder at the repository root, found by walking up from the test binaries.</summary>
    public static string Folder { get; } = RepositoryRoot.Combine("events");

    /// <summary>The file names (without <c>.json</c>) of every event in the folder, sorted.</summary>
    public static IReadOnlyList<string> Names =>
        [.. Directory.EnumerateFiles(Folder, "*.json").Select(Path.GetFileNameWithoutExtension).Select(n => n!).Order(StringComparer.Ordinal)];

    /// <summary>Reads <c>events/<paramref name="name"/>.json</c>.</summary>
    public static SampleEvent Load(string name) => new(name, File.ReadAllText(Path.Combine(Folder, name + ".json")));

    /// <summary>The placeholders in the event's body.</summary>
    public IReadOnlyList<string> Placeholders
    {
        get
        {
            var body = Body ?? string.Empty;
            var found = new List<string>();
            for (var start = body.IndexOf("{{", StringComparison.Ordinal); start >= 0; start = body.IndexOf("{{", start + 2, StringComparison.Ordinal))
            {
                var end = body.IndexOf("}}", start + 2, StringComparison.Ordinal);
                Assert.True(end > start, $"{Name}: unterminated placeholder");
                found.Add(body[(start + 2)..end]);
            }

            return found;
        }
    }

    /// <summary>The event's <c>body</c> member, if any.</summary>
    public string? Body => JsonNode.Parse(Json)!["body"]?.GetValue<string>();

    /// <summary>The event with every placeholder of its (form-encoded) body replaced by the percent-encoded value from <paramref name="values"/>.</summary>
    public string Fill(Func<string, string> values)
    {
        var root = JsonNode.Parse(Json)!.AsObject();
        if (root["body"]?.GetValue<string>() is not { } body)
        {
            return Json;
        }

        Assert.False(root["isBase64Encoded"]?.GetValue<bool>() ?? false, $"{Name}: placeholders need a text body");
        foreach (var placeholder in Placeholders.Distinct(StringComparer.Ordinal))
        {
            body = body.Replace("{{" + placeholder + "}}", Uri.EscapeDataString(values(placeholder)), StringComparison.Ordinal);
        }

        root["body"] = body;
        return root.ToJsonString();
    }
}
