namespace Bridge.Spiffe.Internal;

/// <summary>JWK and JWK Set member names (RFC 7517, RFC 7518, SPIFFE Trust Domain and Bundle spec).</summary>
internal static class JwkMembers
{
    public const string Keys = "keys";
    public const string KeyType = "kty";
    public const string Use = "use";
    public const string KeyId = "kid";
    public const string Algorithm = "alg";
    public const string Curve = "crv";
    public const string X = "x";
    public const string Y = "y";
    public const string Modulus = "n";
    public const string Exponent = "e";
    public const string X509Chain = "x5c";
    public const string SpiffeSequence = "spiffe_sequence";
    public const string SpiffeRefreshHint = "spiffe_refresh_hint";

    public const string UseX509Svid = "x509-svid";
    public const string UseJwtSvid = "jwt-svid";
    public const string UseSignature = "sig";

    /// <summary>Members that carry private or symmetric key material (RFC 7518 §6.2.2, §6.3.2, §6.4).</summary>
    public static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];
}
