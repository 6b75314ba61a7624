using Bridge.Abstractions.Keys;

namespace Bridge.Authority.Ca;

/// <summary>Settings of the local self-signed root. Bound from configuration section <c>Bridge:Authority:SelfSignedUpstream</c>.</summary>
public sealed class SelfSignedUpstreamOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Authority:SelfSignedUpstream";

    /// <summary>Identifier of the root key in the key manager.</summary>
    public string RootKeyId { get; set; } = "upstream-root";

    /// <summary>Key type of the root.</summary>
    public KeyType RootKeyType { get; set; } = KeyType.EcP256;

    /// <summary>Lifetime of a new root. Intermediates never outlive it.</summary>
    public TimeSpan RootTtl { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// Where the root certificate is kept as PEM (owner-only permissions on Unix). When set, a root whose key is still
    /// in the key manager and which is not past half its lifetime is reused at the next start, so the trust bundle
    /// stays stable across restarts. When unset, every process makes a new root.
    /// </summary>
    public string? RootCertificatePath { get; set; }
}
