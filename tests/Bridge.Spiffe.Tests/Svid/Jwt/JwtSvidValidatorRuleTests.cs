using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bridge.Spiffe.Svid.Jwt;
using Bridge.Spiffe.Tests.TestSupport;
using static Bridge.Spiffe.Tests.Svid.Jwt.JwtFixture;

namespace Bridge.Spiffe.Tests.Svid.Jwt;

/// <summary>Every JWT-SVID rule, one named case each; removing a rule makes its case fail.</summary>
public sealed class JwtSvidValidatorRuleTests
{
    private const string ValidPayload = """{"sub":"spiffe://example.org/workload","aud":"svc","exp":1906460400}""";

    private static readonly Dictionary<string, (Func<string> Token, string Error)> Cases = new()
    {
        ["empty"] = (() => "", JwtSvidErrors.Empty),
        ["one character over the size limit"] = (() => TokenOfLength(JwtSvidValidator.MaxTokenLength + 1), JwtSvidErrors.TooLarge),
        ["two parts"] = (() => string.Join('.', Token().Split('.')[..2]), JwtSvidErrors.NotCompact),
        ["four parts"] = (() => Token() + ".AA", JwtSvidErrors.NotCompact),
        ["five parts (JWE)"] = (() => "eyJhbGciOiJSU0EtT0FFUCJ9.AA.AA.AA.AA", JwtSvidErrors.NotCompact),
        ["JSON serialization"] = (() => """{"payload":"e30","signatures":[{"protected":"e30","signature":"AA"}]}""", JwtSvidErrors.NotCompact),
        ["empty signature (unsecured JWS)"] = (() => string.Join('.', Token().Split('.')[..2]) + ".", JwtSvidErrors.NotCompact),
        ["empty header"] = (() => "." + string.Join('.', Token().Split('.')[1..]), JwtSvidErrors.NotCompact),
        ["empty payload"] = (() => Token().Split('.')[0] + "..AA", JwtSvidErrors.NotCompact),
        ["header with padding"] = (() => WithPart(0, p => p + "="), JwtSvidErrors.MalformedHeader),
        ["header not JSON"] = (() => WithPart(0, _ => TestJwtSigner.Encode("alg=ES256")), JwtSvidErrors.MalformedHeader),
        ["header is an array"] = (() => WithPart(0, _ => TestJwtSigner.Encode("[]")), JwtSvidErrors.MalformedHeader),
        ["duplicate alg header"] = (() => RawToken("""{"alg":"none","alg":"ES256","kid":"ec256"}""", ValidPayload), JwtSvidErrors.DuplicateHeaderMember),
        ["alg missing"] = (() => RawToken("""{"kid":"ec256"}""", ValidPayload), JwtSvidErrors.MissingAlgorithm),
        ["alg not a string"] = (() => RawToken("""{"alg":256,"kid":"ec256"}""", ValidPayload), JwtSvidErrors.MissingAlgorithm),
        ["alg none"] = (() => TestJwtSigner.Encode("""{"alg":"none","kid":"ec256"}""") + "." + TestJwtSigner.Encode(ValidPayload) + ".AA", JwtSvidErrors.UnsupportedAlgorithm),
        ["alg HS256"] = (() => Hs256Token(), JwtSvidErrors.UnsupportedAlgorithm),
        ["alg lowercase es256"] = (() => RawToken("""{"alg":"es256","kid":"ec256"}""", ValidPayload), JwtSvidErrors.UnsupportedAlgorithm),
        ["alg EdDSA"] = (() => RawToken("""{"alg":"EdDSA","kid":"ec256"}""", ValidPayload), JwtSvidErrors.UnsupportedAlgorithm),
        ["alg ES256K"] = (() => RawToken("""{"alg":"ES256K","kid":"ec256"}""", ValidPayload), JwtSvidErrors.UnsupportedAlgorithm),
        ["jku header"] = (() => Token(header: Header().Also(h => h["jku"] = "https://evil.example/keys")), JwtSvidErrors.UnexpectedHeader),
        ["x5c header"] = (() => Token(header: Header().Also(h => h["x5c"] = new JsonArray("AA=="))), JwtSvidErrors.UnexpectedHeader),
        ["crit header"] = (() => Token(header: Header().Also(h => h["crit"] = new JsonArray("exp"))), JwtSvidErrors.UnexpectedHeader),
        ["cty header"] = (() => Token(header: Header().Also(h => h["cty"] = "JWT")), JwtSvidErrors.UnexpectedHeader),
        ["typ lowercase jwt"] = (() => Token(header: Header().Also(h => h["typ"] = "jwt")), JwtSvidErrors.BadType),
        ["typ at+jwt"] = (() => Token(header: Header().Also(h => h["typ"] = "at+jwt")), JwtSvidErrors.BadType),
        ["typ not a string"] = (() => Token(header: Header().Also(h => h["typ"] = 1)), JwtSvidErrors.BadType),
        ["kid missing"] = (() => Token(header: Header().Also(h => h.Remove("kid"))), JwtSvidErrors.MissingKeyId),
        ["kid empty"] = (() => Token(header: Header().Also(h => h["kid"] = "")), JwtSvidErrors.MissingKeyId),
        ["kid not a string"] = (() => Token(header: Header().Also(h => h["kid"] = 1)), JwtSvidErrors.MissingKeyId),
        ["payload not base64url"] = (() => WithPart(1, p => p + "+"), JwtSvidErrors.MalformedPayload),
        ["payload not JSON"] = (() => RawToken("""{"alg":"ES256","kid":"ec256"}""", "sub=x"), JwtSvidErrors.MalformedPayload),
        ["payload with invalid UTF-8 in a string"] = (() => InvalidUtf8PayloadToken(), JwtSvidErrors.MalformedPayload),
        ["payload is an array"] = (() => RawToken("""{"alg":"ES256","kid":"ec256"}""", "[]"), JwtSvidErrors.MalformedPayload),
        ["duplicate sub claim"] = (() => RawToken("""{"alg":"ES256","kid":"ec256"}""", """{"sub":"spiffe://example.org/a","sub":"spiffe://example.org/b","aud":"svc","exp":1906460400}"""), JwtSvidErrors.DuplicateClaim),
        ["duplicate nested member"] = (() => RawToken("""{"alg":"ES256","kid":"ec256"}""", """{"sub":"spiffe://example.org/a","aud":"svc","exp":1906460400,"x":{"a":1,"a":2}}"""), JwtSvidErrors.DuplicateClaim),
        ["sub missing"] = (() => Token(payload: Payload(p => p.Remove("sub"))), JwtSvidErrors.MissingSubject),
        ["sub not a string"] = (() => Token(payload: Payload(p => p["sub"] = 5)), JwtSvidErrors.MissingSubject),
        ["sub not a SPIFFE ID"] = (() => Token(payload: Payload(p => p["sub"] = "workload")), JwtSvidErrors.InvalidSubject),
        ["sub with uppercase trust domain"] = (() => Token(payload: Payload(p => p["sub"] = "spiffe://Example.org/workload")), JwtSvidErrors.InvalidSubject),
        ["sub in a trust domain without bundle"] = (() => Token(payload: Payload(p => p["sub"] = "spiffe://unknown.org/workload")), JwtSvidErrors.NoBundle),
        ["kid unknown"] = (() => Token(header: Header("ES256", "missing")), JwtSvidErrors.UnknownKeyId),
        ["kid from another trust domain's bundle"] = (() => Token(header: Header("ES256", "other-key"), key: TestKeys.P256Other), JwtSvidErrors.UnknownKeyId),
        ["ES256 naming an RSA key"] = (() => Token(header: Header("ES256", "rsa"), key: TestKeys.P256), JwtSvidErrors.KeyMismatch),
        ["ES384 naming a P-256 key"] = (() => Token(header: Header("ES384", "ec256")), JwtSvidErrors.KeyMismatch),
        ["ES256 naming a P-384 key"] = (() => Token(header: Header("ES256", "ec384"), key: TestKeys.P256), JwtSvidErrors.KeyMismatch),
        ["ES512 naming a P-384 key"] = (() => Token(header: Header("ES512", "ec384")), JwtSvidErrors.KeyMismatch),
        ["RS256 naming an EC key"] = (() => Token(header: Header("RS256", "ec256")), JwtSvidErrors.KeyMismatch),
        ["PS256 naming an EC key"] = (() => Token(header: Header("PS256", "ec256")), JwtSvidErrors.KeyMismatch),
        ["signature not base64url"] = (() => WithPart(2, p => p[..^1] + "+"), JwtSvidErrors.MalformedSignature),
        ["ES256 signature in DER"] = (() => DerSignedToken(), JwtSvidErrors.MalformedSignature),
        ["ES256 signature truncated"] = (() => WithPart(2, p => p[..^4]), JwtSvidErrors.MalformedSignature),
        ["RS256 signature truncated"] = (() => WithPart(2, p => p[..^4], Token(header: Header("RS256", "rsa"))), JwtSvidErrors.MalformedSignature),
        ["payload changed after signing"] = (() => Tamper(Token()), JwtSvidErrors.BadSignature),
        ["signed by another key with the same kid"] = (() => Token(key: TestKeys.P256Other), JwtSvidErrors.BadSignature),
        ["RS256 signature presented as PS256"] = (() => Relabel(Token(header: Header("RS256", "rsa")), "PS256"), JwtSvidErrors.BadSignature),
        ["exp missing"] = (() => Token(payload: Payload(p => p.Remove("exp"))), JwtSvidErrors.MissingExpiry),
        ["exp a string"] = (() => Token(payload: Payload(p => p["exp"] = Unix(300).ToString(System.Globalization.CultureInfo.InvariantCulture))), JwtSvidErrors.BadExpiry),
        ["exp a fraction"] = (() => Token(payload: Payload(p => p["exp"] = Unix(300) + 0.5)), JwtSvidErrors.BadExpiry),
        ["exp beyond year 9999"] = (() => Token(payload: Payload(p => p["exp"] = 253402300800L)), JwtSvidErrors.BadExpiry),
        ["exp equal to now"] = (() => Token(payload: Payload(p => p["exp"] = Unix(0))), JwtSvidErrors.Expired),
        ["exp in the past"] = (() => Token(payload: Payload(p => p["exp"] = Unix(-1))), JwtSvidErrors.Expired),
        ["nbf in the future"] = (() => Token(payload: Payload(p => p["nbf"] = Unix(10))), JwtSvidErrors.NotYetValid),
        ["nbf a string"] = (() => Token(payload: Payload(p => p["nbf"] = "now")), JwtSvidErrors.BadNotBefore),
        ["iat in the future"] = (() => Token(payload: Payload(p => p["iat"] = Unix(10))), JwtSvidErrors.IssuedInFuture),
        ["iat a fraction"] = (() => Token(payload: Payload(p => p["iat"] = 1.5)), JwtSvidErrors.BadIssuedAt),
        ["aud missing"] = (() => Token(payload: Payload(p => p.Remove("aud"))), JwtSvidErrors.MissingAudience),
        ["aud empty array"] = (() => Token(payload: Payload(p => p["aud"] = new JsonArray())), JwtSvidErrors.BadAudience),
        ["aud a number"] = (() => Token(payload: Payload(p => p["aud"] = 1)), JwtSvidErrors.BadAudience),
        ["aud array with a number"] = (() => Token(payload: Payload(p => p["aud"] = new JsonArray("svc", 1))), JwtSvidErrors.BadAudience),
        ["aud null"] = (() => Token(payload: Payload(p => p["aud"] = null)), JwtSvidErrors.BadAudience),
        ["aud for someone else"] = (() => Token(payload: Payload(p => p["aud"] = "other")), JwtSvidErrors.AudienceMismatch),
        ["aud differs in case"] = (() => Token(payload: Payload(p => p["aud"] = new JsonArray("SVC"))), JwtSvidErrors.AudienceMismatch),
        ["aud is a prefix of ours"] = (() => Token(payload: Payload(p => p["aud"] = "sv")), JwtSvidErrors.AudienceMismatch),
    };

    public static TheoryData<string> Scenarios => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Validate_BrokenRule_FailsWithReason(string scenario)
    {
        var (token, expected) = Cases[scenario];
        var result = Validate(token());
        Assert.False(result.IsValid);
        Assert.Null(result.Svid);
        Assert.Equal(expected, result.Error);
    }

    private static string WithPart(int index, Func<string, string> change, string? token = null)
    {
        var parts = (token ?? Token()).Split('.');
        parts[index] = change(parts[index]);
        return string.Join('.', parts);
    }

    private static string Relabel(string token, string alg)
    {
        var parts = token.Split('.');
        parts[0] = TestJwtSigner.Encode(Header(alg, "rsa").ToJsonString());
        return string.Join('.', parts);
    }

    private static string Hs256Token()
    {
        // The classic confusion attack: HMAC keyed with the public key bytes.
        var input = TestJwtSigner.Encode("""{"alg":"HS256","kid":"ec256"}""") + "." + TestJwtSigner.Encode(ValidPayload);
        var mac = HMACSHA256.HashData(TestKeys.P256.ExportSubjectPublicKeyInfo(), Encoding.ASCII.GetBytes(input));
        return input + "." + System.Buffers.Text.Base64Url.EncodeToString(mac);
    }

    private static string InvalidUtf8PayloadToken()
    {
        byte[] payload = [.. "{\"sub\":\""u8, 0xFF, .. "\"}"u8];
        var input = TestJwtSigner.Encode(Header().ToJsonString()) + "." + System.Buffers.Text.Base64Url.EncodeToString(payload);
        var signature = TestJwtSigner.SignBytes(Encoding.ASCII.GetBytes(input), TestKeys.P256, "ES256");
        return input + "." + System.Buffers.Text.Base64Url.EncodeToString(signature);
    }

    private static string DerSignedToken()
    {
        var input = TestJwtSigner.Encode(Header().ToJsonString()) + "." + TestJwtSigner.Encode(Payload().ToJsonString());
        var der = TestKeys.P256.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return input + "." + System.Buffers.Text.Base64Url.EncodeToString(der);
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject value, Action<JsonObject> change)
    {
        change(value);
        return value;
    }
}
