using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Tests.TestSupport;
using static Bridge.Spiffe.Tests.TestSupport.BundleJson;

namespace Bridge.Spiffe.Tests.Bundle;

/// <summary>Every parser rule, one named case each. Documents are hand-built, not produced by the writer.</summary>
public sealed class SpiffeBundleDocumentParseTests
{
    private static readonly TrustDomain Td = TrustDomain.Parse("example.org");
    private static readonly X509Certificate2 EcRoot = TestCertificates.CreateRoot("ec-root");
    private static readonly X509Certificate2 RsaRoot = TestCertificates.CreateRoot("rsa-root", TestKeys.Rsa2048);

    private static readonly Dictionary<string, (Func<string> Build, string Error)> Rejected = new()
    {
        ["malformed JSON"] = (() => "{\"keys\":[", BundleErrors.MalformedJson),
        ["trailing comma"] = (() => "{\"keys\":[],}", BundleErrors.MalformedJson),
        ["comment"] = (() => "{\"keys\":[] /* c */}", BundleErrors.MalformedJson),
        ["duplicate top-level member"] = (() => "{\"keys\":[],\"keys\":[]}", BundleErrors.DuplicateMember),
        ["duplicate member inside a key"] = (
            () => Document(Jwt()).Replace("{\"kty\"", "{\"kid\":\"x\",\"kty\"", StringComparison.Ordinal),
            BundleErrors.DuplicateMember),
        ["array root"] = (() => "[]", BundleErrors.NotAnObject),
        ["string root"] = (() => "\"keys\"", BundleErrors.NotAnObject),
        ["keys missing"] = (() => "{}", BundleErrors.KeysMissing),
        ["keys null"] = (() => "{\"keys\":null}", BundleErrors.KeysNotArray),
        ["keys object"] = (() => "{\"keys\":{}}", BundleErrors.KeysNotArray),
        ["key is a string"] = (() => "{\"keys\":[\"x\"]}", BundleErrors.KeyNotAnObject),
        ["private member on unknown use"] = (() => Document(new JsonObject { ["kty"] = "EC", ["use"] = "enc", ["d"] = "AA" }), BundleErrors.PrivateKeyMember),
        ["private member without use"] = (() => Document(new JsonObject { ["kty"] = "oct", ["k"] = "AA" }), BundleErrors.PrivateKeyMember),
        ["use is a number"] = (() => Document(Jwt(e => e["use"] = 1)), BundleErrors.UseNotString),
        ["kty missing"] = (() => Document(Jwt(e => e.Remove("kty"))), BundleErrors.KeyTypeMissing),
        ["kty not a string"] = (() => Document(Jwt(e => e["kty"] = 1)), BundleErrors.KeyTypeMissing),
        ["x509 without x5c"] = (() => Document(X509(e => e.Remove("x5c"))), BundleErrors.X509WrongCertificateCount),
        ["x509 with empty x5c"] = (() => Document(X509(e => e["x5c"] = new JsonArray())), BundleErrors.X509WrongCertificateCount),
        ["x509 with two x5c"] = (() => Document(X509(e => e["x5c"]!.AsArray().Add(Convert.ToBase64String(EcRoot.RawData)))), BundleErrors.X509WrongCertificateCount),
        ["x5c is a string"] = (() => Document(X509(e => e["x5c"] = Convert.ToBase64String(EcRoot.RawData))), BundleErrors.X509WrongCertificateCount),
        ["x5c entry is a number"] = (() => Document(X509(e => e["x5c"] = new JsonArray(1))), BundleErrors.X509CertificateNotBase64),
        ["x5c entry not base64"] = (() => Document(X509(e => e["x5c"] = new JsonArray("!!!!"))), BundleErrors.X509CertificateNotBase64),
        ["x5c entry with whitespace"] = (() => Document(X509(e => e["x5c"] = new JsonArray(" " + Convert.ToBase64String(EcRoot.RawData)))), BundleErrors.X509CertificateNotBase64),
        ["x5c entry not a certificate"] = (() => Document(X509(e => e["x5c"] = new JsonArray("AAECAwQF"))), BundleErrors.X509CertificateMalformed),
        ["x5c entry with trailing bytes"] = (() => Document(X509(e => e["x5c"] = new JsonArray(Convert.ToBase64String([.. EcRoot.RawData, 0])))), BundleErrors.X509CertificateMalformed),
        ["x509 with kid"] = (() => Document(X509(e => e["kid"] = "k")), BundleErrors.X509HasKeyId),
        ["x509 public key of another key"] = (() => Document(X509(e => { e["x"] = Jwt()["x"]!.DeepClone(); e["y"] = Jwt()["y"]!.DeepClone(); })), BundleErrors.X509KeyMismatch),
        ["x509 kty disagrees with certificate"] = (() => Document(X509(e => e["kty"] = "RSA")), BundleErrors.X509KeyMismatch),
        ["x509 parameters of the wrong curve"] = (() => Document(X509(e => e["crv"] = "P-384")), BundleErrors.BadCoordinateLength),
        ["jwt without kid"] = (() => Document(Jwt(e => e.Remove("kid"))), BundleErrors.JwtKeyIdMissing),
        ["jwt with empty kid"] = (() => Document(Jwt(e => e["kid"] = "")), BundleErrors.JwtKeyIdMissing),
        ["jwt with numeric kid"] = (() => Document(Jwt(e => e["kid"] = 7)), BundleErrors.JwtKeyIdMissing),
        ["jwt duplicate kid"] = (() => Document(Jwt(), JwtEntry("k1", TestKeys.P384)), BundleErrors.JwtDuplicateKeyId),
        ["jwt unsupported curve"] = (() => Document(Jwt(e => e["crv"] = "P-192")), BundleErrors.UnsupportedCurve),
        ["jwt secp256k1 curve"] = (() => Document(Jwt(e => e["crv"] = "secp256k1")), BundleErrors.UnsupportedCurve),
        ["jwt curve missing"] = (() => Document(Jwt(e => e.Remove("crv"))), BundleErrors.UnsupportedCurve),
        ["jwt x missing"] = (() => Document(Jwt(e => e.Remove("x"))), BundleErrors.MemberNotBase64Url),
        ["jwt x padded"] = (() => Document(Jwt(e => e["x"] = e["x"]!.GetValue<string>() + "=")), BundleErrors.MemberNotBase64Url),
        ["jwt x standard base64"] = (() => Document(Jwt(e => e["x"] = e["x"]!.GetValue<string>().Replace('-', '+').Replace('_', '/') + "+")), BundleErrors.MemberNotBase64Url),
        ["jwt x of the wrong length"] = (() => Document(Jwt(e => e["crv"] = "P-384")), BundleErrors.BadCoordinateLength),
        ["jwt point not on curve"] = (() => Document(Jwt(e => e["y"] = B64(FlipLastBit(e["y"]!.GetValue<string>())))), BundleErrors.InvalidEcPoint),
        ["jwt rsa 1024-bit"] = (() => Document(JwtEntry("r", TestKeys.Rsa1024)), BundleErrors.RsaKeySize),
        ["jwt rsa without n"] = (() => Document(JwtRsa(e => e.Remove("n"))), BundleErrors.MemberNotBase64Url),
        ["jwt rsa with empty e"] = (() => Document(JwtRsa(e => e["e"] = "")), BundleErrors.MemberNotBase64Url),
        ["jwt rsa with even e"] = (() => Document(JwtRsa(e => e["e"] = "AQAA")), BundleErrors.InvalidRsaKey),
        ["jwt rsa with e = 1"] = (() => Document(JwtRsa(e => e["e"] = "AQ")), BundleErrors.InvalidRsaKey),
        ["sequence negative"] = (() => WithMember("spiffe_sequence", "-1"), BundleErrors.BadSequence),
        ["sequence fraction"] = (() => WithMember("spiffe_sequence", "1.5"), BundleErrors.BadSequence),
        ["sequence exponent"] = (() => WithMember("spiffe_sequence", "1e3"), BundleErrors.BadSequence),
        ["sequence string"] = (() => WithMember("spiffe_sequence", "\"1\""), BundleErrors.BadSequence),
        ["sequence null"] = (() => WithMember("spiffe_sequence", "null"), BundleErrors.BadSequence),
        ["sequence over 64 bits"] = (() => WithMember("spiffe_sequence", "9223372036854775808"), BundleErrors.BadSequence),
        ["refresh hint negative"] = (() => WithMember("spiffe_refresh_hint", "-300"), BundleErrors.BadRefreshHint),
        ["refresh hint fraction"] = (() => WithMember("spiffe_refresh_hint", "0.5"), BundleErrors.BadRefreshHint),
        ["refresh hint string"] = (() => WithMember("spiffe_refresh_hint", "\"300s\""), BundleErrors.BadRefreshHint),
        ["refresh hint beyond TimeSpan"] = (() => WithMember("spiffe_refresh_hint", "9223372036854775807"), BundleErrors.BadRefreshHint),
        ["one byte over the size limit"] = (() => Padded(SpiffeBundleDocument.MaxDocumentBytes + 1), BundleErrors.TooLarge),
        ["empty"] = (() => "", BundleErrors.Empty),
    };

    private static readonly Dictionary<string, Func<JsonObject>> Ignored = new()
    {
        ["no use"] = () => Jwt(e => e.Remove("use"), kid: "ignored"),
        ["unknown use"] = () => Jwt(e => e["use"] = "enc", kid: "ignored"),
        ["use differs in case"] = () => X509(e => e["use"] = "X509-SVID"),
        ["oidc sig use"] = () => Jwt(e => e["use"] = "sig", kid: "ignored"),
        ["wit-svid use"] = () => Jwt(e => e["use"] = "wit-svid", kid: "ignored"),
        ["unknown kty on jwt-svid"] = () => new JsonObject { ["kty"] = "OKP", ["use"] = "jwt-svid", ["kid"] = "ed", ["crv"] = "Ed25519", ["x"] = "AA" },
        ["unknown kty on x509-svid"] = () => new JsonObject { ["kty"] = "OKP", ["use"] = "x509-svid", ["x5c"] = new JsonArray("AA==", "AA==") },
        ["oct key without k"] = () => new JsonObject { ["kty"] = "oct", ["use"] = "jwt-svid", ["kid"] = "sym" },
    };

    public static TheoryData<string> RejectedCases => [.. Rejected.Keys];

    public static TheoryData<string> IgnoredCases => [.. Ignored.Keys];

    public static TheoryData<string> PrivateMembers => ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    [Theory]
    [MemberData(nameof(RejectedCases))]
    public void TryParse_BrokenRule_FailsNamingIt(string scenario)
    {
        var (build, expected) = Rejected[scenario];
        Assert.False(SpiffeBundleDocument.TryParse(Td, build(), out var bundle, out var error));
        Assert.Null(bundle);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PrivateMembers))]
    public void TryParse_JwtKeyWithPrivateMember_Fails(string member)
    {
        var json = Document(Jwt(e => e[member] = "AQAB"));
        Assert.False(SpiffeBundleDocument.TryParse(Td, json, out _, out var error));
        Assert.Equal($"keys[0]: {BundleErrors.PrivateKeyMember} ('{member}')", error);
    }

    [Theory]
    [MemberData(nameof(PrivateMembers))]
    public void TryParse_X509KeyWithPrivateMember_Fails(string member)
    {
        var json = Document(X509(e => e[member] = "AQAB"));
        Assert.False(SpiffeBundleDocument.TryParse(Td, json, out _, out var error));
        Assert.Contains(BundleErrors.PrivateKeyMember, error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(IgnoredCases))]
    public void TryParse_ElementToIgnore_IsSkipped(string scenario)
    {
        var json = Document(Ignored[scenario](), Jwt());
        Assert.True(SpiffeBundleDocument.TryParse(Td, json, out var bundle, out var error), error);
        Assert.Equal(["k1"], bundle.JwtAuthorities.Keys);
        Assert.Empty(bundle.X509Authorities);
    }

    [Fact]
    public void TryParse_ErrorNamesTheElementIndex()
    {
        Assert.False(SpiffeBundleDocument.TryParse(Td, Document(Jwt(), X509(e => e["kid"] = "k")), out _, out var error));
        Assert.Equal($"keys[1]: {BundleErrors.X509HasKeyId}", error);
    }

    [Fact]
    public void Parse_SpireStyleDocument_ReadsEveryAuthority()
    {
        var json = new JsonObject
        {
            ["keys"] = new JsonArray(X509(), X509Entry(RsaRoot), Jwt(), JwtEntry("k2", TestKeys.P384), JwtEntry("k3", TestKeys.P521), JwtRsa()),
            ["spiffe_sequence"] = 12,
            ["spiffe_refresh_hint"] = 2419200,
        }.ToJsonString();
        var bundle = SpiffeBundleDocument.Parse(Td, json);
        Assert.Equal([EcRoot.Thumbprint, RsaRoot.Thumbprint], bundle.X509Authorities.Select(c => c.Thumbprint));
        Assert.Equal(["k1", "k2", "k3", "r"], bundle.JwtAuthorities.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("ES256", bundle.JwtAuthorities["k1"].Algorithm);
        Assert.Equal("RS256", bundle.JwtAuthorities["r"].Algorithm);
        Assert.Equal(TestKeys.P384.ExportSubjectPublicKeyInfo(), bundle.JwtAuthorities["k2"].SubjectPublicKeyInfo);
        Assert.Equal(12, bundle.SequenceNumber);
        Assert.Equal(TimeSpan.FromDays(28), bundle.RefreshHint);
    }

    [Fact]
    public void Parse_EmptyKeys_IsAValidBundleWithNoAuthorities()
    {
        var bundle = SpiffeBundleDocument.Parse(Td, "{\"keys\":[]}");
        Assert.Empty(bundle.X509Authorities);
        Assert.Empty(bundle.JwtAuthorities);
        Assert.Null(bundle.SequenceNumber);
        Assert.Null(bundle.RefreshHint);
    }

    [Fact]
    public void Parse_X509EntryWithOnlyX5c_Accepted()
    {
        var entry = new JsonObject { ["kty"] = "EC", ["use"] = "x509-svid", ["x5c"] = new JsonArray(Convert.ToBase64String(EcRoot.RawData)) };
        Assert.Single(SpiffeBundleDocument.Parse(Td, Document(entry)).X509Authorities);
    }

    [Fact]
    public void Parse_UnknownMembers_Ignored()
    {
        var json = new JsonObject
        {
            ["keys"] = new JsonArray(Jwt(e => { e["alg"] = "ES256"; e["x-extra"] = new JsonObject(); })),
            ["trust_domain_hint"] = "example.org",
        }.ToJsonString();
        Assert.Single(SpiffeBundleDocument.Parse(Td, json).JwtAuthorities);
    }

    [Fact]
    public void Parse_RsaModulusWithLeadingZeroOctet_Accepted()
    {
        var n = TestKeys.Rsa2048.ExportParameters(false).Modulus!;
        var json = Document(JwtRsa(e => e["n"] = B64([0, .. n])));
        var bundle = SpiffeBundleDocument.Parse(Td, json);
        Assert.Equal(TestKeys.Rsa2048.ExportSubjectPublicKeyInfo(), bundle.JwtAuthorities["r"].SubjectPublicKeyInfo);
    }

    [Fact]
    public void Parse_SequenceAtLimits_Accepted()
    {
        Assert.Equal(0, SpiffeBundleDocument.Parse(Td, WithMember("spiffe_sequence", "0")).SequenceNumber);
        Assert.Equal(long.MaxValue, SpiffeBundleDocument.Parse(Td, WithMember("spiffe_sequence", "9223372036854775807")).SequenceNumber);
        Assert.Equal(TimeSpan.Zero, SpiffeBundleDocument.Parse(Td, WithMember("spiffe_refresh_hint", "0")).RefreshHint);
    }

    [Fact]
    public void Parse_ExactlyAtTheSizeLimit_Accepted()
    {
        var json = Padded(SpiffeBundleDocument.MaxDocumentBytes);
        Assert.Equal(SpiffeBundleDocument.MaxDocumentBytes, json.Length);
        Assert.True(SpiffeBundleDocument.TryParse(Td, json, out _));
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionWithReason()
    {
        var ex = Assert.Throws<FormatException>(() => SpiffeBundleDocument.Parse(Td, "{}"));
        Assert.Contains(BundleErrors.KeysMissing, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ZeroTrustDomain_Throws() =>
        Assert.Throws<ArgumentException>(() => SpiffeBundleDocument.TryParse(default, "{\"keys\":[]}", out _));

    [Fact]
    public void TryParse_Null_Fails() => Assert.False(SpiffeBundleDocument.TryParse(Td, null, out _));

    private static JsonObject X509(Action<JsonObject>? change = null)
    {
        var entry = X509Entry(EcRoot);
        change?.Invoke(entry);
        return entry;
    }

    private static JsonObject Jwt(Action<JsonObject>? change = null, string kid = "k1")
    {
        var entry = JwtEntry(kid, TestKeys.P256);
        change?.Invoke(entry);
        return entry;
    }

    private static JsonObject JwtRsa(Action<JsonObject>? change = null)
    {
        var entry = JwtEntry("r", TestKeys.Rsa2048);
        change?.Invoke(entry);
        return entry;
    }

    private static string WithMember(string name, string rawValue) => "{\"keys\":[],\"" + name + "\":" + rawValue + "}";

    private static string Padded(int totalBytes)
    {
        const string Head = "{\"keys\":[],\"pad\":\"";
        const string Tail = "\"}";
        return Head + new string('a', totalBytes - Head.Length - Tail.Length) + Tail;
    }

    private static byte[] FlipLastBit(string base64Url)
    {
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(base64Url);
        bytes[^1] ^= 1;
        return bytes;
    }
}
