using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bridge.ExchangeFunction.Tests.TestSupport;
using static Bridge.ExchangeFunction.Tests.TestSupport.ErrorDescriptions;

namespace Bridge.ExchangeFunction.Tests.Protocol;

/// <summary>
/// Every malformed request gets its documented status, <c>error</c> and fixed description; none is a 500. Each form
/// carries a valid subject token, so the refusal can only come from the rule under test.
/// </summary>
public sealed class MalformedRequestTests(BridgeFactory factory) : IClassFixture<BridgeFactory>
{
    private const string InvalidRequest = "invalid_request";
    private static readonly Uri TokenUri = new("/token", UriKind.Relative);

    private static readonly Dictionary<string, MalformedRequestCase> Cases = new(StringComparer.Ordinal)
    {
        ["missing grant_type"] = Form(t => TokenRequest.Jwt(t, "ledger").Without("grant_type")),
        ["wrong grant_type"] = new(
            t => Post(TokenRequest.Jwt(t, "ledger").Without("grant_type").With("grant_type", "authorization_code")),
            HttpStatusCode.BadRequest, "unsupported_grant_type", GrantType),
        ["missing subject_token"] = Form(t => TokenRequest.Jwt(t, "ledger").Without("subject_token")),
        ["empty subject_token"] = Form(t => TokenRequest.Jwt(t, "ledger").Without("subject_token").With("subject_token", string.Empty)),
        ["missing subject_token_type"] = Form(t => TokenRequest.Jwt(t, "ledger").Without("subject_token_type")),
        ["empty subject_token_type"] = Form(t => TokenRequest.Jwt(t, "ledger").Without("subject_token_type").With("subject_token_type", string.Empty)),
        ["unknown parameter"] = Form(t => TokenRequest.Jwt(t, "ledger").With("client_id", "x")),
        ["actor_token"] = Form(t => TokenRequest.Jwt(t, "ledger").With("actor_token", t).With("actor_token_type", TokenRequest.JwtType)),
        ["actor_token_type alone"] = Form(t => TokenRequest.Jwt(t, "ledger").With("actor_token_type", TokenRequest.JwtType)),
        ["scope"] = Form(t => TokenRequest.Jwt(t, "ledger").With("scope", "openid")),
        ["duplicate grant_type"] = Form(t => TokenRequest.Jwt(t, "ledger").With("grant_type", TokenRequest.GrantType)),
        ["duplicate subject_token"] = Form(t => TokenRequest.Jwt(t, "ledger").With("subject_token", t)),
        ["duplicate subject_token_type"] = Form(t => TokenRequest.Jwt(t, "ledger").With("subject_token_type", TokenRequest.JwtType)),
        ["duplicate requested_token_type"] = Form(t => TokenRequest.Jwt(t, "ledger")
            .With("requested_token_type", TokenRequest.JwtType).With("requested_token_type", TokenRequest.JwtType)),
        ["duplicate resource"] = Form(t => TokenRequest.Jwt(t, "ledger")
            .With("resource", "spiffe://example.org/a").With("resource", "spiffe://example.org/a")),
        ["duplicate ttl"] = Form(t => TokenRequest.Jwt(t, "ledger").With("ttl", "60").With("ttl", "60")),
        ["duplicate audience value"] = Form(t => TokenRequest.Jwt(t, "ledger", "ledger")),
        ["empty audience"] = Form(t => TokenRequest.Jwt(t, string.Empty)),
        ["whitespace-only audience"] = Form(t => TokenRequest.Jwt(t, "  ")),
        ["audience over 255 characters"] = Form(t => TokenRequest.Jwt(t, new string('a', 256))),
        ["17 audiences"] = Form(t => TokenRequest.Jwt(t, [.. Enumerable.Range(0, 17).Select(i => "aud-" + i)])),
        ["empty resource"] = Form(t => TokenRequest.Jwt(t, "ledger").With("resource", string.Empty)),
        ["unsupported requested_token_type"] = new(
            t => Post(TokenRequest.Jwt(t, "ledger").With("requested_token_type", "urn:ietf:params:oauth:token-type:access_token")),
            HttpStatusCode.BadRequest, InvalidRequest, RequestedTokenType),
        ["unsupported subject_token_type"] = new(
            t => Post(TokenRequest.Jwt(t, "ledger").Without("subject_token_type").With("subject_token_type", "urn:ietf:params:oauth:token-type:saml2")),
            HttpStatusCode.BadRequest, InvalidRequest, SubjectTokenType),
        ["csr with a JWT-SVID request"] = Form(t => TokenRequest.Jwt(t, "ledger").With("csr", "MIIB")),
        ["audience with an X.509-SVID request"] = Form(t => TokenRequest.X509(t, "MIIB").With("audience", "ledger")),
        ["X.509-SVID request without csr"] = Form(t => TokenRequest.X509(t, "MIIB").Without("csr")),
        ["ttl zero"] = Form(t => TokenRequest.Jwt(t, "ledger").With("ttl", "0")),
        ["ttl negative"] = Form(t => TokenRequest.Jwt(t, "ledger").With("ttl", "-60")),
        ["ttl with sign"] = Form(t => TokenRequest.Jwt(t, "ledger").With("ttl", "+60")),
        ["ttl fractional"] = Form(t => TokenRequest.Jwt(t, "ledger").With("ttl", "1.5")),
        ["ttl with unit"] = Form(t => TokenRequest.Jwt(t, "ledger").With("ttl", "60s")),
        ["ttl with spaces"] = Form(t => TokenRequest.Jwt(t, "ledger").With("ttl", " 60")),
        ["ttl overflowing int"] = Form(t => TokenRequest.Jwt(t, "ledger").With("ttl", "99999999999")),
        ["resource not a SPIFFE ID"] = new(
            t => Post(TokenRequest.Jwt(t, "ledger").With("resource", "https://ledger.example.org/")),
            HttpStatusCode.BadRequest, "invalid_target", ResourceNotAvailable),
        ["JSON body"] = NotFormEncoded(t => new StringContent($$"""{"grant_type":"{{TokenRequest.GrantType}}","subject_token":"{{t}}"}""", Encoding.UTF8, "application/json")),
        ["multipart body"] = NotFormEncoded(t =>
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (name, value) in TokenRequest.Jwt(t, "ledger"))
            {
                multipart.Add(new StringContent(value), name);
            }

            return multipart;
        }),
        ["no content type"] = NotFormEncoded(t =>
        {
            var content = new ByteArrayContent(Encoding.ASCII.GetBytes("grant_type=x"));
            content.Headers.ContentType = null;
            return content;
        }),
        ["body over 64 KiB"] = new(
            t => Post(TokenRequest.Jwt(t, "ledger").With("pad", new string('a', 64 * 1024))),
            HttpStatusCode.RequestEntityTooLarge, InvalidRequest, TooLarge),
        ["body over 64 KiB without Content-Length"] = new(
            t => new HttpRequestMessage(HttpMethod.Post, TokenUri) { Content = Unsized(Encoding.ASCII.GetBytes("ttl=" + new string('1', 64 * 1024))) },
            HttpStatusCode.RequestEntityTooLarge, InvalidRequest, TooLarge),
        ["invalid UTF-8 body"] = new(
            t => new HttpRequestMessage(HttpMethod.Post, TokenUri) { Content = FormBytes([.. Encoding.ASCII.GetBytes("grant_type="), 0xC3, 0x28]) },
            HttpStatusCode.BadRequest, InvalidRequest, Malformed),
        ["scope without '='"] = RawForm(t => Encode(TokenRequest.Jwt(t, "ledger")) + "&scope"),
        ["actor_token without '='"] = RawForm(t => "actor_token&" + Encode(TokenRequest.Jwt(t, "ledger"))),
        ["unknown name without '='"] = RawForm(t => Encode(TokenRequest.Jwt(t, "ledger")) + "&debug&"),
        ["parameter in the query string"] = new(
            t => new HttpRequestMessage(HttpMethod.Post, new Uri("/token?scope=openid", UriKind.Relative)) { Content = new FormUrlEncodedContent(TokenRequest.Jwt(t, "ledger")) },
            HttpStatusCode.BadRequest, InvalidRequest, Malformed),
        ["audience in the query string"] = new(
            t => new HttpRequestMessage(HttpMethod.Post, new Uri("/token?audience=ledger", UriKind.Relative)) { Content = new FormUrlEncodedContent(TokenRequest.Jwt(t)) },
            HttpStatusCode.BadRequest, InvalidRequest, Malformed),
        ["name-only query string"] = new(
            t => new HttpRequestMessage(HttpMethod.Post, new Uri("/token?scope", UriKind.Relative)) { Content = new FormUrlEncodedContent(TokenRequest.Jwt(t, "ledger")) },
            HttpStatusCode.BadRequest, InvalidRequest, Malformed),
        ["whitespace-only subject_token"] = Form(t => TokenRequest.Jwt(t, "ledger").Without("subject_token").With("subject_token", " \r\n\t")),
        ["too many form values"] = Form(t => [.. TokenRequest.Jwt(t), .. Enumerable.Range(0, 70).Select(_ => new KeyValuePair<string, string>("audience", "a"))]),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Token_MalformedRequest_GetsDocumentedError(string name)
    {
        var expected = Cases[name];
        using var request = expected.CreateRequest(factory.StsToken("Malformed"));

        using var response = await factory.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        await OAuthAssert.ErrorAsync(response, expected.Status, expected.Error, expected.Description);
    }

    [Fact]
    public async Task Token_Get_IsMethodNotAllowed()
    {
        using var response = await factory.Client.GetAsync(TokenUri, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Token_ControlCase_WellFormedRequestIsAccepted()
    {
        // The cases above all start from this request: it must succeed, or they would prove nothing.
        await factory.EnsureRegisteredAsync("Malformed");

        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt(factory.StsToken("Malformed"), "ledger").With("ttl", "60"));

        await OAuthAssert.SuccessAsync(response);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData(" \t")]
    public async Task Token_SubjectTokenWithSurroundingWhitespace_IsTrimmedAndAccepted(string whitespace)
    {
        // The AWS CLI's text output ends with a newline, which shell recipes pass on with the token.
        await factory.EnsureRegisteredAsync("Malformed");
        var token = factory.StsToken("Malformed");

        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt(whitespace + token + whitespace, "ledger"));

        await OAuthAssert.SuccessAsync(response);
    }

    [Fact]
    public async Task Token_EmptyPartsAndEmptyQuery_AreNotParameters()
    {
        // "a=b&&c=d&" and "/token?" name no parameter, so nothing is dropped: they are accepted.
        await factory.EnsureRegisteredAsync("Malformed");
        var body = "&" + Encode(TokenRequest.Jwt(factory.StsToken("Malformed"), "ledger")).Replace("&", "&&", StringComparison.Ordinal) + "&";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/token?", UriKind.Relative)) { Content = FormBytes(Encoding.ASCII.GetBytes(body)) };

        using var response = await factory.Client.SendAsync(request, TestContext.Current.CancellationToken);

        await OAuthAssert.SuccessAsync(response);
    }

    private static MalformedRequestCase Form(Func<string, List<KeyValuePair<string, string>>> form) =>
        new(t => Post(form(t)), HttpStatusCode.BadRequest, InvalidRequest, Malformed);

    private static MalformedRequestCase RawForm(Func<string, string> body) =>
        new(t => new HttpRequestMessage(HttpMethod.Post, TokenUri) { Content = FormBytes(Encoding.ASCII.GetBytes(body(t))) }, HttpStatusCode.BadRequest, InvalidRequest, Malformed);

    private static string Encode(IEnumerable<KeyValuePair<string, string>> form) =>
        string.Join('&', form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private static MalformedRequestCase NotFormEncoded(Func<string, HttpContent> content) =>
        new(t => new HttpRequestMessage(HttpMethod.Post, TokenUri) { Content = content(t) }, HttpStatusCode.BadRequest, InvalidRequest, NotForm);

    private static HttpRequestMessage Post(IEnumerable<KeyValuePair<string, string>> form) =>
        new(HttpMethod.Post, TokenUri) { Content = new FormUrlEncodedContent(form) };

    private static ByteArrayContent FormBytes(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return content;
    }

    /// <summary>A form body sent without Content-Length, so only the read loop's cap can stop it.</summary>
    private static StreamContent Unsized(byte[] body)
    {
        var content = new StreamContent(new UnseekableStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return content;
    }
}
