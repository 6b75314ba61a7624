using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Attestation;

namespace Bridge.Attestors.AwsIid;

/// <summary>
/// Verifies the <c>rsa2048</c> PKCS#7 SignedData of an instance identity document and returns the document it signs.
/// The rules, each refused otherwise: content type id-data with the content attached; exactly one signer, SHA-256 with
/// RSA (PKCS#1 v1.5), no unsigned attributes (so no counter-signatures: AWS adds none, and nothing unsigned may vouch
/// for anything); the signature checks against the certificate of the document's own Region from the
/// <see cref="AwsIidCertificateTable"/> only — certificates carried in the message are dropped first, never trusted —
/// and that certificate is within its validity at the time of attestation.
/// </summary>
internal static class AwsIidSignatureVerifier
{
    private const string IdData = "1.2.840.113549.1.7.1";
    private const string Sha256 = "2.16.840.1.101.3.4.2.1";
    private const string RsaEncryption = "1.2.840.113549.1.1.1";
    private const string Sha256WithRsa = "1.2.840.113549.1.1.11";

    /// <summary>The outcome: the verified document (and its exact bytes), or why not.</summary>
    public readonly record struct Outcome(InstanceIdentityDocument? Document, byte[]? Content, AttestationFailureKind FailureKind, string Problem)
    {
        public static Outcome Fail(AttestationFailureKind kind, string problem) => new(null, null, kind, problem);
    }

    public static Outcome Verify(byte[] signedData, AwsIidCertificateTable certificates, DateTimeOffset now)
    {
        try
        {
            return VerifyDecoded(signedData, certificates, now);
        }
        catch (CryptographicException)
        {
            // SignedCms decodes lazily: signer infos, their attributes and the carried certificates are parsed on first
            // read, after Decode accepted the outer structure. A corrupt part there is malformed evidence, not a fault.
            return Outcome.Fail(AttestationFailureKind.Malformed, "rsa2048 has a corrupt signer or certificate");
        }
    }

    private static Outcome VerifyDecoded(byte[] signedData, AwsIidCertificateTable certificates, DateTimeOffset now)
    {
        var cms = new SignedCms();
        try
        {
            cms.Decode(signedData);
        }
        catch (CryptographicException)
        {
            return Outcome.Fail(AttestationFailureKind.Malformed, "rsa2048 is not a PKCS#7 SignedData");
        }

        if (cms.ContentInfo.ContentType.Value != IdData || cms.Detached || cms.ContentInfo.Content.Length == 0)
        {
            return Outcome.Fail(AttestationFailureKind.Malformed, "rsa2048 does not carry the document as id-data content");
        }

        if (cms.SignerInfos.Count != 1)
        {
            return Outcome.Fail(AttestationFailureKind.InvalidSignature, "rsa2048 must have exactly one signer");
        }

        var signer = cms.SignerInfos[0];
        if (signer.UnsignedAttributes.Count != 0 || signer.CounterSignerInfos.Count != 0)
        {
            return Outcome.Fail(AttestationFailureKind.InvalidSignature, "rsa2048 carries unsigned attributes or counter-signatures");
        }

        if (signer.DigestAlgorithm.Value != Sha256 || signer.SignatureAlgorithm.Value is not (RsaEncryption or Sha256WithRsa))
        {
            return Outcome.Fail(AttestationFailureKind.InvalidSignature, "rsa2048 is not signed with SHA-256 and RSA");
        }

        var content = cms.ContentInfo.Content;
        if (!InstanceIdentityDocument.TryParse(content, out var document, out var problem))
        {
            return Outcome.Fail(AttestationFailureKind.Malformed, problem);
        }

        // The Region is read before the signature is checked, but only to choose which single certificate may verify it:
        // a document claiming another Region simply fails against that Region's certificate.
        if (!certificates.TryGet(document!.Region, out var certificate))
        {
            return Outcome.Fail(AttestationFailureKind.UntrustedIssuer, "unsupported Region");
        }

        if (now < certificate.NotBefore.ToUniversalTime())
        {
            return Outcome.Fail(AttestationFailureKind.NotYetValid, "the Region's certificate is not valid yet");
        }

        if (now > certificate.NotAfter.ToUniversalTime())
        {
            return Outcome.Fail(AttestationFailureKind.Expired, "the Region's certificate has expired");
        }

        // SignedCms prefers a certificate inside the message when it looks for the signer's; drop them all so only ours
        // can match the signer identifier.
        foreach (var embedded in cms.Certificates.Cast<X509Certificate2>().ToList())
        {
            cms.RemoveCertificate(embedded);
        }

        try
        {
            cms.SignerInfos[0].CheckSignature([certificate], verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return Outcome.Fail(AttestationFailureKind.InvalidSignature, "the signature does not verify with the Region's certificate");
        }

        return new Outcome(document, content, AttestationFailureKind.None, string.Empty);
    }
}
