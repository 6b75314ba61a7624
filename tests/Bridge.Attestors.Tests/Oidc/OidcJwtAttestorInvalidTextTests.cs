using System.Text;
using System.Text.Json.Nodes;
using Bridge.Abstractions.Attestation;
using Bridge.Testing.Oidc;

namespace Bridge.Attestors.Tests.Oidc;

/// <summary>
/// JSON strings that are not text (a lone escaped surrogate, bytes that are not UTF-8) anywhere in the header or the
/// payload, before and after the signature verifies: always a Malformed failure value, never an exception.
/// </summary>
public sealed class OidcJwtAttestorInvalidTextTests : IDisposable
{
    // JSON text of a string holding a lone high surrogate: valid JSON syntax, but no UTF-16 string exists for it.
    private const string LoneSurrogate = "\"\\ud800\"";

    private readonly OidcTestEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    public static TheoryData<string> HeaderMembers => new() { "alg", "kid", "typ" };

    [Theory]
    [MemberData(nameof(HeaderMembers))]
    public async Task AttestAsync_LoneSurrogateInHeader_Malformed(string member)
    {
        var header = OidcTokenFactory.DefaultHeader(_env.StsKey).ToJsonString()
            .Replace($"\"{member}\":\"", $"\"{member}\":\"\\ud800", StringComparison.Ordinal);
        var token = OidcTokenFactory.SignRaw(header, _env.StsTokens.StsClaims().ToJsonString(), _env.StsKey, "RS256");

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), token);

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
    }

    [Theory]
    [MemberData(nameof(HeaderMembers))]
    public async Task AttestAsync_InvalidUtf8InHeader_Malformed(string member)
    {
        var header = InsertInvalidUtf8(OidcTokenFactory.DefaultHeader(_env.StsKey).ToJsonString(), $"\"{member}\":\"");
        var token = OidcTokenFactory.SignRaw(header, Encoding.UTF8.GetBytes(_env.StsTokens.StsClaims().ToJsonString()), _env.StsKey, "RS256");

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), token);

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_LoneSurrogateInUnverifiedIss_Malformed()
    {
        var payload = _env.StsTokens.StsClaims().ToJsonString()
            .Replace("\"iss\":\"", "\"iss\":\"\\udfff", StringComparison.Ordinal);
        var token = OidcTokenFactory.SignRaw(OidcTokenFactory.DefaultHeader(_env.StsKey).ToJsonString(), payload, _env.StsKey, "RS256");

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), token);

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_InvalidUtf8InUnverifiedIss_Malformed()
    {
        var payload = InsertInvalidUtf8(_env.StsTokens.StsClaims().ToJsonString(), "\"iss\":\"");
        var token = OidcTokenFactory.SignRaw(Encoding.UTF8.GetBytes(OidcTokenFactory.DefaultHeader(_env.StsKey).ToJsonString()), payload, _env.StsKey, "RS256");

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), token);

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
    }

    /// <summary>Signed claims a profile mapper reads, each made to hold a lone surrogate (the token is otherwise valid).</summary>
    public static TheoryData<string> SignedClaims => new()
    {
        "sub", "jti", "aws_account", "source_region", "org_id", "ou_path", "lambda_source_function_arn",
        "principal tag value", "principal tag name", "unread claim",
    };

    [Theory]
    [MemberData(nameof(SignedClaims))]
    public async Task AttestAsync_LoneSurrogateInSignedStsClaim_Malformed(string claim)
    {
        var claims = _env.StsTokens.StsClaims(aws: ns =>
        {
            ns["org_id"] = "o-abc";
            ns["ou_path"] = "o-abc/r-1/";
            ns["lambda_source_function_arn"] = "arn:aws:lambda:eu-west-1:123456789012:function:f";
            ns["principal_tags"] = new JsonObject { ["team"] = "payments" };
        });
        claims["note"] = "x";
        var marker = "MARKER";
        switch (claim)
        {
            case "sub" or "jti":
                claims[claim] = marker + claims[claim]!.GetValue<string>();
                break;
            case "principal tag value":
                claims["https://sts.amazonaws.com/"]!["principal_tags"]!["team"] = marker;
                break;
            case "principal tag name":
                claims["https://sts.amazonaws.com/"]!["principal_tags"]![marker] = "v";
                break;
            case "unread claim":
                claims["note"] = marker;
                break;
            default:
                claims["https://sts.amazonaws.com/"]![claim] = marker + claims["https://sts.amazonaws.com/"]![claim]!.GetValue<string>();
                break;
        }

        var payload = claims.ToJsonString().Replace(marker, "\\ud800", StringComparison.Ordinal);
        var token = OidcTokenFactory.SignRaw(OidcTokenFactory.DefaultHeader(_env.StsKey).ToJsonString(), payload, _env.StsKey, "RS256");

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), token);

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("groups")]
    public async Task AttestAsync_LoneSurrogateInSignedGenericSelectorClaim_Malformed(string claim)
    {
        var claims = _env.GenericTokens.BaseClaims();
        claims[claim] = claim == "groups" ? new JsonArray("admins", "MARKER") : "MARKER";
        var payload = claims.ToJsonString().Replace("MARKER", "\\ud800", StringComparison.Ordinal);
        var token = OidcTokenFactory.SignRaw(OidcTokenFactory.DefaultHeader(_env.GenericKey).ToJsonString(), payload, _env.GenericKey);

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), token);

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_LoneSurrogateInSignedEksClaim_Malformed()
    {
        var claims = _env.EksTokens.EksClaims();
        claims["kubernetes.io"]!["pod"]!["name"] = "MARKER";
        var payload = claims.ToJsonString().Replace("MARKER", "\\ud800", StringComparison.Ordinal);
        var token = OidcTokenFactory.SignRaw(OidcTokenFactory.DefaultHeader(_env.EksKey).ToJsonString(), payload, _env.EksKey);

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), token);

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_ControlCase_SameTokenShapeWithValidText_Succeeds()
    {
        var claims = _env.StsTokens.StsClaims(aws: ns => ns["principal_tags"] = new JsonObject { ["team"] = "\u00e9quipe" });
        claims["note"] = "\\ud800 is only text here";
        var token = OidcTokenFactory.SignRaw(OidcTokenFactory.DefaultHeader(_env.StsKey).ToJsonString(), claims.ToJsonString(), _env.StsKey, "RS256");

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), token);

        Assert.True(result.Succeeded, result.Detail);
    }

    /// <summary>The UTF-8 of <paramref name="json"/> with the byte 0xFF (never valid UTF-8) right after <paramref name="after"/>.</summary>
    private static byte[] InsertInvalidUtf8(string json, string after)
    {
        var at = json.IndexOf(after, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{after}' not found in {json}");
        var prefix = Encoding.UTF8.GetBytes(json[..(at + after.Length)]);
        return [.. prefix, 0xFF, .. Encoding.UTF8.GetBytes(json[(at + after.Length)..])];
    }
}
