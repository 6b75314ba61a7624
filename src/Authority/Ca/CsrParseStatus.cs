namespace Bridge.Authority.Ca;

/// <summary>Outcome of reading a PKCS#10 request.</summary>
internal enum CsrParseStatus
{
    /// <summary>Well formed, signed by its own key, and the key is acceptable.</summary>
    Valid = 0,

    /// <summary>Not a DER PKCS#10 request: empty, too large, wrong structure, trailing data, or a key that does not decode.</summary>
    Malformed,

    /// <summary>The signature does not verify with the request's key, or uses an algorithm we do not verify.</summary>
    InvalidSignature,

    /// <summary>The key is not P-256, P-384 or RSA of 2048 to 8192 bits.</summary>
    UnsupportedKey,
}
