using Bridge.Abstractions.Attestation;

namespace Bridge.Attestors.Oidc.Profiles;

/// <summary>
/// The <c>k8s:…</c> selectors of the EKS profile: <see cref="EksClaimsMapper"/> emits only these and
/// <see cref="Vocabulary"/> lists exactly these.
/// </summary>
internal static class EksSelectors
{
    public const string Type = "k8s";
    public const string Namespace = "ns:";
    public const string ServiceAccount = "sa:";
    public const string ServiceAccountUid = "sa-uid:";
    public const string PodName = "pod-name:";
    public const string PodUid = "pod-uid:";

    public static SelectorVocabulary Vocabulary { get; } =
        new(Type, [Namespace, ServiceAccount, ServiceAccountUid, PodName, PodUid]);
}
