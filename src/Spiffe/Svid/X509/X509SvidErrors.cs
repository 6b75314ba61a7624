namespace Bridge.Spiffe.Svid.X509;

/// <summary>Why an X.509-SVID is rejected. Stable strings: tests, logs and docs quote them.</summary>
internal static class X509SvidErrors
{
    public const string EmptyChain = "certificate chain is empty";
    public const string MalformedExtension = "leaf certificate has a malformed extension";
    public const string DuplicateExtension = "leaf certificate repeats an extension";
    public const string MalformedSubjectAltName = "leaf certificate has a malformed subject alternative name extension";
    public const string NoUriSan = "leaf certificate has no URI SAN";
    public const string MultipleUriSans = "leaf certificate has more than one URI SAN";
    public const string InvalidSpiffeId = "leaf certificate URI SAN is not a valid SPIFFE ID";
    public const string RootPath = "leaf certificate SPIFFE ID has no path";
    public const string LeafIsCa = "leaf certificate has the CA flag set";
    public const string NoKeyUsage = "leaf certificate has no key usage extension";
    public const string NoDigitalSignature = "leaf certificate key usage lacks digitalSignature";
    public const string KeyCertSign = "leaf certificate key usage includes keyCertSign";
    public const string CrlSign = "leaf certificate key usage includes cRLSign";
    public const string NoBundle = "no X.509 bundle for the leaf's trust domain";
    public const string NoAuthorities = "the X.509 bundle for the leaf's trust domain has no authorities";
    public const string NotTimeValid = "a certificate in the chain is expired or not yet valid";
    public const string Untrusted = "certificate chain does not lead to an authority in the trust domain's bundle";
    public const string ChainInvalid = "certificate chain failed RFC 5280 path validation";
}
