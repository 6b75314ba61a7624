using System.Runtime.CompilerServices;
using System.Text;
using Bridge.Spiffe.Bundle;
using Google.Protobuf;

namespace Bridge.Agent.WorkloadApi;

/// <summary>
/// A bundle in the Workload API's two wire forms, encoded once per bundle however many streams send it: the X.509
/// roots as concatenated DER, and the JWT keys as a JWKS with <c>use</c> = <c>jwt-svid</c> only (the specification
/// forbids keys of other uses in <c>FetchJWTBundles</c>). Maps are keyed by the trust domain's SPIFFE ID
/// (<c>spiffe://example.org</c>), as SPIRE keys them.
/// </summary>
internal sealed class BundleEncoding
{
    private static readonly ConditionalWeakTable<SpiffeBundle, BundleEncoding> Encodings = [];

    private BundleEncoding(SpiffeBundle bundle)
    {
        TrustDomainId = $"spiffe://{bundle.TrustDomain}";
        var der = new byte[bundle.X509Authorities.Sum(c => c.RawDataMemory.Length)];
        var offset = 0;
        foreach (var root in bundle.X509Authorities)
        {
            root.RawDataMemory.Span.CopyTo(der.AsSpan(offset));
            offset += root.RawDataMemory.Length;
        }

        X509Der = UnsafeByteOperations.UnsafeWrap(der);

        // A bundle with the JWT authorities alone serializes as the SPIFFE bundle format's JWKS of jwt-svid keys.
        var jwtOnly = new SpiffeBundle(bundle.TrustDomain, [], bundle.JwtAuthorities.Values);
        Jwks = UnsafeByteOperations.UnsafeWrap(Encoding.UTF8.GetBytes(SpiffeBundleDocument.Serialize(jwtOnly)));
    }

    /// <summary>The map key: <c>spiffe://</c> and the trust domain name.</summary>
    public string TrustDomainId { get; }

    /// <summary>The X.509 roots, DER concatenated.</summary>
    public ByteString X509Der { get; }

    /// <summary>The JWT keys as a JWKS (UTF-8 JSON).</summary>
    public ByteString Jwks { get; }

    public static BundleEncoding Of(SpiffeBundle bundle) => Encodings.GetValue(bundle, static b => new BundleEncoding(b));
}
