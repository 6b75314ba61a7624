using System.Diagnostics.CodeAnalysis;
using Bridge.Authority.Hosting;

namespace Bridge.ExchangeFunction.Hosting.Startup;

/// <summary>
/// One section of the <c>Bridge:</c> settings: the options type bound to it, the sub-sections bound to other types
/// (<c>Bridge:Authority:JwtKeys</c>) and, for a list of sections (<c>Issuers:0</c>, <c>Issuers:1</c>), its items.
/// Built from the <see cref="SettingsSection"/>s the composition declares, where each options type is bound, so the
/// schema and the bindings cannot disagree and a backend that adds a section needs no change here.
/// </summary>
internal sealed class SettingsSchema
{
    private readonly Dictionary<string, SettingsSchema> _sections = new(StringComparer.OrdinalIgnoreCase);

    private SettingsSchema()
    {
    }

    /// <summary>The options type whose properties are this section's values, if any.</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)]
    public Type? Options { get; private set; }

    /// <summary>Sub-sections bound on their own, by key (case-insensitive, as the binder matches).</summary>
    public IReadOnlyDictionary<string, SettingsSchema> Sections => _sections;

    /// <summary>For a list of sections: the schema of each item (keys 0, 1, ...).</summary>
    public SettingsSchema? Items { get; private set; }

    /// <summary>
    /// The full key path of each options type bound to a section (<c>Bridge:Keys:Kms</c>), for messages of validators
    /// that name only the property.
    /// </summary>
    public IReadOnlyDictionary<Type, string> SectionPaths { get; private init; } = new Dictionary<Type, string>();

    /// <summary>The schema of <c>Bridge:</c>: every section <paramref name="services"/> declares.</summary>
    public static SettingsSchema From(IServiceCollection services) =>
        From(services.Select(d => d.ImplementationInstance).OfType<SettingsSection>());

    /// <summary>The schema of <c>Bridge:</c> made of <paramref name="sections"/>.</summary>
    public static SettingsSchema From(IEnumerable<SettingsSection> sections)
    {
        var paths = new Dictionary<Type, string>();
        var root = new SettingsSchema { SectionPaths = paths };
        foreach (var section in sections)
        {
            var keys = section.Path.Split(':');
            if (!string.Equals(keys[0], "Bridge", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var node = root;
            foreach (var key in keys.Skip(1))
            {
                if (!node._sections.TryGetValue(key, out var child))
                {
                    node._sections[key] = child = new SettingsSchema();
                }

                node = child;
            }

            if (section.IsList)
            {
                node.Items = new SettingsSchema { Options = section.OptionsType };
            }
            else
            {
                node.Options = section.OptionsType;
                paths[section.OptionsType] = section.Path;
            }
        }

        return root;
    }
}
