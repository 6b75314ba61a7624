namespace Bridge.Spiffe.Bundle;

/// <summary>Why a bundle document or key is rejected. Stable strings: tests and docs quote them.</summary>
internal static class BundleErrors
{
    public const string Empty = "bundle document is empty";
    public const string TooLarge = "bundle document exceeds the size limit";
    public const string MalformedJson = "bundle document is not valid JSON";
    public const string DuplicateMember = "bundle document has a duplicate JSON member name";
    public const string NotAnObject = "bundle document must be a JSON object";
    public const string KeysMissing = "bundle document has no 'keys' member";
    public const string KeysNotArray = "'keys' must be an array";
    public const string BadSequence = "'spiffe_sequence' must be a non-negative 64-bit integer";
    public const string BadRefreshHint = "'spiffe_refresh_hint' must be a non-negative integer number of seconds";

    public const string KeyNotAnObject = "must be a JSON object";
    public const string PrivateKeyMember = "carries private key material";
    public const string UseNotString = "'use' must be a string";
    public const string KeyTypeMissing = "'kty' is missing or not a string";
    public const string X509WrongCertificateCount = "x509-svid entry must have exactly one 'x5c' certificate";
    public const string X509CertificateNotBase64 = "'x5c' certificate is not valid base64";
    public const string X509CertificateMalformed = "'x5c' certificate is not a valid DER certificate";
    public const string X509HasKeyId = "x509-svid entry must not have a 'kid'";
    public const string X509KeyMismatch = "public key parameters do not match the 'x5c' certificate";
    public const string JwtKeyIdMissing = "jwt-svid entry must have a non-empty 'kid'";
    public const string JwtDuplicateKeyId = "jwt-svid 'kid' is not unique in the bundle";
    public const string MemberNotBase64Url = "key parameter is missing or not unpadded base64url";

    public const string UnsupportedKeyAlgorithm = "public key algorithm is not EC or RSA";
    public const string UnsupportedCurve = "EC curve is not P-256, P-384 or P-521";
    public const string BadCoordinateLength = "EC coordinate length does not match the curve";
    public const string InvalidEcPoint = "EC public key is not a valid point on the curve";
    public const string RsaKeySize = "RSA modulus must be between 2048 and 16384 bits";
    public const string InvalidRsaKey = "RSA public key is invalid";
    public const string MalformedPublicKey = "public key is malformed";
}
