using Bridge.Abstractions.Attestation;

namespace Bridge.Attestors.AwsSts;

/// <summary>
/// The <c>aws_sts:…</c> node selectors. <see cref="AwsStsNodeAttestor"/> emits only these and <see cref="Vocabulary"/>
/// lists exactly these, so tools that check node-set entries cannot drift from what is emitted. All come from claims
/// STS signed; <c>request_tags</c>, which the caller chooses, never become selectors.
/// </summary>
public static class AwsStsNodeSelectors
{
    /// <summary>The selector type.</summary>
    public const string Type = "aws_sts";

    /// <summary><c>account:&lt;12 digits&gt;</c> (<c>aws_account</c>).</summary>
    public const string Account = "account:";

    /// <summary><c>role:&lt;role ARN&gt;</c> (<c>sub</c>: the task role, path included).</summary>
    public const string Role = "role:";

    /// <summary><c>region:&lt;region&gt;</c> (<c>source_region</c>: where the token was requested).</summary>
    public const string Region = "region:";

    /// <summary><c>org:&lt;o-…&gt;</c> (<c>org_id</c>, when the account is in an AWS Organization).</summary>
    public const string Org = "org:";

    /// <summary><c>principal_tag:&lt;key&gt;:&lt;value&gt;</c> (<c>principal_tags</c>: the role's IAM tags; keys with ':' are skipped).</summary>
    public const string PrincipalTag = "principal_tag:";

    /// <summary>Every selector form this attestor emits.</summary>
    public static SelectorVocabulary Vocabulary { get; } = new(Type, [Account, Role, Region, Org, PrincipalTag]);
}
