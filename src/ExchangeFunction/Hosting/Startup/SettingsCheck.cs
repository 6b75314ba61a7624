using System.Globalization;
using System.Reflection;

namespace Bridge.ExchangeFunction.Hosting.Startup;

/// <summary>
/// Checks every key under <c>Bridge:</c> before anything is bound: unknown keys (typos) and values the binder cannot
/// convert (<c>5m</c> for a duration, an unknown enum name). The binder would throw on the first bad value, before the
/// validators run, so without this a start would show one problem at a time, wrapped in a stack trace.
/// </summary>
internal static class SettingsCheck
{
    /// <summary>The result: one line per problem, and the keys whose values cannot be bound.</summary>
    /// <param name="Problems">Each problem with its full key path.</param>
    /// <param name="UnconvertibleKeys">Keys to hide from the binder so the validators can still check everything else.</param>
    public sealed record Result(IReadOnlyList<string> Problems, IReadOnlyList<string> UnconvertibleKeys);

    public static Result Check(IConfiguration configuration, SettingsSchema schema)
    {
        var problems = new List<string>();
        var unconvertible = new List<string>();
        CheckSection(configuration.GetSection("Bridge"), schema, problems, unconvertible);
        return new Result(problems, unconvertible);
    }

    private static void CheckSection(IConfigurationSection section, SettingsSchema schema, List<string> problems, List<string> unconvertible)
    {
        foreach (var child in section.GetChildren())
        {
            if (schema.Items is { } items)
            {
                if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    problems.Add($"{child.Path}: unknown setting; {section.Path} is a list (keys {section.Key}:0, {section.Key}:1, ...).");
                }
                else
                {
                    CheckSection(child, items, problems, unconvertible);
                }

                continue;
            }

            if (schema.Sections.TryGetValue(child.Key, out var sub))
            {
                CheckSection(child, sub, problems, unconvertible);
                continue;
            }

            var property = Properties(schema).FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                problems.Add($"{child.Path}: unknown setting{Suggestion(child.Key, schema)}; nothing reads it.");
                continue;
            }

            CheckValue(child, property.PropertyType, problems, unconvertible);
        }
    }

    private static void CheckValue(IConfigurationSection setting, Type type, List<string> problems, List<string> unconvertible)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            // The binder ignores a plain value given for a list: say so instead of dropping it.
            if (setting.Value is { Length: > 0 } && !setting.GetChildren().Any())
            {
                problems.Add($"{setting.Path}: is a list; give its items as {setting.Key}:0, {setting.Key}:1, ... (in JSON: an array).");
                return;
            }

            var itemType = type.GetGenericArguments()[0];
            foreach (var item in setting.GetChildren())
            {
                if (!int.TryParse(item.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    problems.Add($"{item.Path}: unknown setting; {setting.Path} is a list (keys {setting.Key}:0, {setting.Key}:1, ...).");
                }
                else
                {
                    CheckValue(item, itemType, problems, unconvertible);
                }
            }

            return;
        }

        if (setting.GetChildren().Any())
        {
            problems.Add($"{setting.Path}: takes one value, not a section.");
            return;
        }

        if (setting.Value is not { Length: > 0 } value || SettingValues.Problem(value, type) is not { } problem)
        {
            return;
        }

        problems.Add($"{setting.Path}: {problem}");
        unconvertible.Add(setting.Path);
    }

    // A close spelling of a known key ("Registraton" → "Registration"), so the fix is obvious from the message.
    private static string Suggestion(string key, SettingsSchema schema)
    {
        var known = schema.Sections.Keys.Concat(Properties(schema).Select(p => p.Name));
        var best = known
            .Select(name => (Name: name, Distance: EditDistance(key.ToUpperInvariant(), name.ToUpperInvariant())))
            .Where(candidate => candidate.Distance <= Math.Max(1, key.Length / 4))
            .OrderBy(candidate => candidate.Distance)
            .FirstOrDefault();
        return best.Name is null ? string.Empty : $" (did you mean {best.Name}?)";
    }

    // The settable public properties: what the binder writes.
    private static IEnumerable<PropertyInfo> Properties(SettingsSchema schema) =>
        schema.Options?.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite) ?? [];

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(
                    Math.Min(current[j - 1] + 1, previous[j] + 1),
                    previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
