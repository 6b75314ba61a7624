using Bridge.Abstractions.Keys;

namespace Bridge.Authority.Ca;

/// <summary>Settings of the local self-signed root. Bound from configuration section <c>Bridge:Authority:SelfSignedUpstream</c>.</summary>
public sealed class SelfSignedUpstreamOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Authority:SelfSignedUpstream";

    /// <summary>Prefix of the root keys' identifiers in the key manager: <c>{RootKeyId}-{yyyyMMddHHmmss}-{8 hex}</c>, one per root.</summary>
    public string RootKeyId { get; set; } = "upstream-root";

    /// <summary>Key type of the root.</summary>
    public KeyType RootKeyType { get; set; } = KeyType.EcP256;

    /// <summary>Lifetime of a new root; the next root is made at half of it. Intermediates never outlive their root.</summary>
    public TimeSpan RootTtl { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// Where the current root certificate is exported as PEM (owner-only permissions on Unix) whenever this instance
    /// adopts a root, for local inspection and for relying parties configured from a file. Export only: the root itself
    /// lives in the state store, which is what makes every instance (and a restart) use the same root.
    /// </summary>
    public string? RootCertificatePath { get; set; }
}
