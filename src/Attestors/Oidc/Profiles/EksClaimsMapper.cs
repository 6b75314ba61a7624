using System.Text.Json;

namespace Bridge.Attestors.Oidc.Profiles;

/// <summary>Maps the verified claims of a Kubernetes (EKS) projected service-account token to <c>k8s:…</c> selectors.</summary>
internal static class EksClaimsMapper
{
    public const string NamespaceClaim = "kubernetes.io";

    public static OidcClaimsMapping Map(JsonElement payload, string subject)
    {
        if (!SelectorSetBuilder.TryGetObject(payload, NamespaceClaim, out var k8s))
        {
            return OidcClaimsMapping.Deny($"the '{NamespaceClaim}' claim is missing");
        }

        var ns = SelectorSetBuilder.GetString(k8s, "namespace");
        SelectorSetBuilder.TryGetObject(k8s, "serviceaccount", out var serviceAccount);
        var saName = SelectorSetBuilder.GetString(serviceAccount, "name");
        if (string.IsNullOrEmpty(ns) || string.IsNullOrEmpty(saName))
        {
            return OidcClaimsMapping.Deny("the namespace or service account name is missing");
        }

        if (!string.Equals(subject, $"system:serviceaccount:{ns}:{saName}", StringComparison.Ordinal))
        {
            return OidcClaimsMapping.Deny("sub does not match the namespace and service account");
        }

        SelectorSetBuilder.TryGetObject(k8s, "pod", out var pod);
        var podName = SelectorSetBuilder.GetString(pod, "name");

        var builder = new SelectorSetBuilder();
        builder.Add(EksSelectors.Type, EksSelectors.Namespace, ns);
        builder.Add(EksSelectors.Type, EksSelectors.ServiceAccount, saName);
        builder.Add(EksSelectors.Type, EksSelectors.ServiceAccountUid, SelectorSetBuilder.GetString(serviceAccount, "uid"));
        builder.Add(EksSelectors.Type, EksSelectors.PodName, podName);
        builder.Add(EksSelectors.Type, EksSelectors.PodUid, SelectorSetBuilder.GetString(pod, "uid"));
        builder.AddTemplateValue("namespace", ns);
        builder.AddTemplateValue("service_account", saName);
        builder.AddTemplateValue("pod_name", podName);
        return OidcClaimsMapping.Accept(builder);
    }
}
