using System.Net;
using System.Text;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Testing.Oidc;
using Microsoft.Extensions.Logging;

namespace Bridge.ExchangeFunction.Tests.Security;

/// <summary>
/// Text a caller controls, through the whole pipeline: strings that are not text inside a signed subject token are a
/// 400 (never a 500), and caller-chosen text reaches the log only bounded and printable.
/// </summary>
public sealed class HostileTextTests(LoggingBridgeFactory factory) : IClassFixture<LoggingBridgeFactory>
{
    private const string Role = "HostileText";

    public static TheoryData<string> Places => new() { "alg", "kid", "iss", "sub", "source_region", "principal tag" };

    [Theory]
    [MemberData(nameof(Places))]
    public async Task Token_SignedTokenWithLoneSurrogate_IsRefusedAs400WithoutErrorLog(string place)
    {
        await factory.EnsureRegisteredAsync(Role);
        var claims = factory.Tokens.StsClaims(BridgeFactory.Account, "role/" + Role, ns => ns["principal_tags"] = new System.Text.Json.Nodes.JsonObject { ["team"] = "t" });
        var header = OidcTokenFactory.DefaultHeader(factory.StsKey).ToJsonString();
        var payload = claims.ToJsonString();
        switch (place)
        {
            case "alg" or "kid":
                header = header.Replace($"\"{place}\":\"", $"\"{place}\":\"\\ud800", StringComparison.Ordinal);
                break;
            case "principal tag":
                payload = payload.Replace("\"team\":\"t\"", "\"team\":\"\\udc00\"", StringComparison.Ordinal);
                break;
            default:
                payload = payload.Replace($"\"{place}\":\"", $"\"{place}\":\"\\ud800", StringComparison.Ordinal);
                break;
        }

        var token = OidcTokenFactory.SignRaw(header, payload, factory.StsKey, "RS256");

        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.SubjectToken);
        Assert.DoesNotContain(factory.Logs.Logs, l => l.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Token_HugeUnknownSubjectTokenType_IsLoggedBoundedAndPrintable()
    {
        var type = "urn:evil:\r\n[Critical] forged line \u001b[2J" + new string('x', 60 * 1024);
        var form = TokenRequest.Jwt(factory.StsToken(Role), "ledger").Without("subject_token_type").With("subject_token_type", type);

        using var response = await factory.Client.PostTokenAsync(form);

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.SubjectTokenType);
        var logged = Assert.Single(factory.Logs.Logs, l => l.EventId.Id == 2002).Values["SubjectTokenType"]!;
        Assert.StartsWith("urn:evil:??[Critical] forged line ?[2J", logged, StringComparison.Ordinal);
        Assert.True(logged.Length < 100, $"logged {logged.Length} characters");
        Assert.DoesNotContain(logged, char.IsControl);
        Assert.All(factory.Logs.Logs, l => Assert.True(l.AllText.Length < 2048, $"event {l.EventId} logged {l.AllText.Length} characters"));
    }

    [Fact]
    public async Task Token_TokenOfInvalidUtf8_IsRefusedAs400()
    {
        var payload = Encoding.UTF8.GetBytes(factory.Tokens.StsClaims(BridgeFactory.Account, "role/" + Role).ToJsonString());
        payload[payload.AsSpan().IndexOf("arn:"u8)] = 0xFF;
        var token = OidcTokenFactory.SignRaw(Encoding.UTF8.GetBytes(OidcTokenFactory.DefaultHeader(factory.StsKey).ToJsonString()), payload, factory.StsKey, "RS256");

        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.SubjectToken);
    }
}
