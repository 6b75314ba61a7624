using System.Diagnostics.CodeAnalysis;
using Bridge.Attestors.AwsIid;
using Bridge.Attestors.AwsSts;
using Bridge.Attestors.Oidc;
using Bridge.Authority;
using Bridge.Authority.Agents;
using Bridge.Authority.Aws.AcmPca;
using Bridge.Authority.Aws.Kms;
using Bridge.Authority.Aws.Kms.Envelope;
using Bridge.Authority.Ca;
using Bridge.Authority.Hosting;
using Bridge.Authority.Rotation;
using Bridge.Authority.Local.Replay;

namespace Bridge.ExchangeFunction.Hosting.Startup;

/// <summary>
/// One section of the <c>Bridge:</c> settings: the options type bound to it, the sub-sections bound to other types
/// (<c>Bridge:Authority:JwtKeys</c>) and, for a list of sections (<c>Issuers:0</c>, <c>Issuers:1</c>), its items.
/// </summary>
internal sealed class SettingsSchema
{
    // Declared before Bridge: static initializers run in textual order.
    private static readonly Dictionary<string, SettingsSchema> Empty = new(StringComparer.OrdinalIgnoreCase);

    private SettingsSchema(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type? options,
        IReadOnlyDictionary<string, SettingsSchema> sections,
        SettingsSchema? items)
    {
        Options = options;
        Sections = sections;
        Items = items;
    }

    /// <summary>
    /// Every section the service reads. A key under <c>Bridge:</c> that is not here is read by nothing: a typo that
    /// would otherwise fall back to a default silently (<c>Bridge:Backends:Registraton=DynamoDb</c> would leave the
    /// entries in a local file).
    /// </summary>
    public static SettingsSchema Bridge { get; } = Section(null, new()
    {
        ["Authority"] = Section(typeof(AuthorityOptions), new()
        {
            ["JwtKeys"] = Section(typeof(JwtKeyRotationOptions)),
            ["SelfSignedUpstream"] = Section(typeof(SelfSignedUpstreamOptions)),
        }),
        ["Backends"] = Section(typeof(BackendOptions)),
        ["Keys"] = Section(null, new()
        {
            ["Kms"] = Section(typeof(KmsKeyManagerOptions)),
            ["KmsEnvelope"] = Section(typeof(KmsEnvelopeKeyManagerOptions)),
        }),
        ["Upstream"] = Section(null, new() { ["AcmPca"] = Section(typeof(AcmPcaUpstreamOptions)) }),
        ["Replay"] = Section(null, new() { ["InMemory"] = Section(typeof(InMemoryReplayCacheOptions)) }),
        ["Exchange"] = Section(typeof(ExchangeFunctionOptions)),
        ["Agents"] = Section(typeof(AgentOptions)),
        ["Attestors"] = Section(null, new()
        {
            ["Oidc"] = Section(typeof(OidcAttestorOptions), new()
            {
                [nameof(OidcAttestorOptions.Issuers)] = new SettingsSchema(null, Empty, Section(typeof(OidcIssuerOptions))),
            }),
        }),
        ["NodeAttestors"] = Section(null, new()
        {
            ["AwsIid"] = Section(typeof(AwsIidAttestorOptions)),
            ["AwsSts"] = Section(typeof(AwsStsNodeAttestorOptions)),
        }),
    });

    /// <summary>
    /// The full key path of each options type bound to a section of <see cref="Bridge"/> (<c>Bridge:Keys:Kms</c>), for
    /// messages of validators that name only the property. Derived from the schema, so the two cannot disagree.
    /// </summary>
    public static IReadOnlyDictionary<Type, string> SectionPaths { get; } = PathsOf(Bridge, "Bridge", []);

    /// <summary>The options type whose properties are this section's values, if any.</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)]
    public Type? Options { get; }

    /// <summary>Sub-sections bound on their own, by key (case-insensitive, as the binder matches).</summary>
    public IReadOnlyDictionary<string, SettingsSchema> Sections { get; }

    /// <summary>For a list of sections: the schema of each item (keys 0, 1, ...).</summary>
    public SettingsSchema? Items { get; }

    private static Dictionary<Type, string> PathsOf(SettingsSchema schema, string path, Dictionary<Type, string> paths)
    {
        if (schema.Options is { } options)
        {
            paths[options] = path;
        }

        foreach (var (key, section) in schema.Sections)
        {
            PathsOf(section, path + ":" + key, paths);
        }

        return paths;
    }

    private static SettingsSchema Section(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type? options,
        Dictionary<string, SettingsSchema>? sections = null) =>
        new(options, new Dictionary<string, SettingsSchema>(sections ?? Empty, StringComparer.OrdinalIgnoreCase), null);
}
