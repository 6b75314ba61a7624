using System.Globalization;

namespace Bridge.ExchangeFunction.Hosting.Startup;

/// <summary>
/// Whether a configuration value converts to a property's type, judged as the configuration binder parses
/// (invariant culture, enum names case-insensitive), with a message that says what to write instead.
/// </summary>
internal static class SettingValues
{
    /// <summary>Why <paramref name="value"/> is not a <paramref name="type"/>, or null when it converts.</summary>
    public static string? Problem(string value, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            // Names only: the binder would also take a number, even one that names no member.
            var names = Enum.GetNames(type);
            return names.Any(name => string.Equals(name, value.Trim(), StringComparison.OrdinalIgnoreCase))
                ? null
                : $"'{value}' is not one of {string.Join(", ", names)}.";
        }

        return type switch
        {
            _ when type == typeof(TimeSpan) => TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out _)
                ? null
                : $"'{value}' is not a duration; write [d.]hh:mm:ss, e.g. 00:05:00 for five minutes or 1.00:00:00 for a day.",
            _ when type == typeof(int) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                ? null
                : $"'{value}' is not a whole number.",
            _ when type == typeof(long) => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                ? null
                : $"'{value}' is not a whole number.",
            _ when type == typeof(bool) => bool.TryParse(value, out _) ? null : $"'{value}' is not true or false.",
            _ => null,
        };
    }
}
