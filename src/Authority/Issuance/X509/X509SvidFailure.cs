namespace Bridge.Authority.Issuance.X509;

/// <summary>Why an X.509-SVID was not issued. Every value is the caller's fault (a 400), never Bridge's.</summary>
public enum X509SvidFailure
{
    /// <summary>Issued.</summary>
    None = 0,

    /// <summary>The CSR is not a DER PKCS#10 request: empty, over 16 KiB, structurally wrong, or followed by other data.</summary>
    MalformedCsr,

    /// <summary>The CSR's signature does not verify with its own key, or uses an algorithm other than ECDSA/RSA PKCS#1 v1.5 with SHA-2.</summary>
    InvalidCsrSignature,

    /// <summary>The CSR's key is not ECDSA P-256, ECDSA P-384, or RSA of 2048 to 8192 bits.</summary>
    UnsupportedKey,
}
