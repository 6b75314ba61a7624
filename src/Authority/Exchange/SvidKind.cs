namespace Bridge.Authority.Exchange;

/// <summary>The kind of SVID a caller asks for.</summary>
public enum SvidKind
{
    /// <summary>A JWT-SVID (the default when the caller does not say).</summary>
    Jwt = 0,

    /// <summary>An X.509-SVID for the public key in the caller's CSR.</summary>
    X509,
}
