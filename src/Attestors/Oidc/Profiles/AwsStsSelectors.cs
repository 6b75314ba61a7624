using Bridge.Abstractions.Attestation;

namespace Bridge.Attestors.Oidc.Profiles;

/// <summary>
/// The <c>aws:…</c> selectors of the AWS STS profile: <see cref="AwsStsClaimsMapper"/> emits only these, and
/// <see cref="Vocabulary"/> lists exactly these, so the list tools check entries against cannot drift from what is
/// emitted. <c>role_name</c> is a template value (<c>{role_name}</c>), not a selector: the selector is <c>aws:role:…</c>.
/// </summary>
internal static class AwsStsSelectors
{
    public const string Type = "aws";
    public const string Account = "account:";
    public const string Principal = "principal:";
    public const string Role = "role:";
    public const string Org = "org:";
    public const string OuPath = "ou-path:";
    public const string Region = "region:";
    public const string Lambda = "lambda:";
    public const string Ec2Instance = "ec2-instance:";

    /// <summary>Followed by <c>&lt;key&gt;:&lt;value&gt;</c>.</summary>
    public const string Tag = "tag:";

    public static SelectorVocabulary Vocabulary { get; } =
        new(Type, [Account, Principal, Role, Org, OuPath, Region, Lambda, Ec2Instance, Tag]);
}
