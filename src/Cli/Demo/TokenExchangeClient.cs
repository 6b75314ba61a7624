using System.Net;
using System.Text.Json;

namespace Bridge.Cli.Demo;

/// <summary>A minimal RFC 8693 client for the demo: posts the form and returns the status and JSON body.</summary>
internal sealed class TokenExchangeClient(HttpClient http)
{
    private const string GrantType = "urn:ietf:params:oauth:grant-type:token-exchange";
    private const string JwtTokenType = "urn:ietf:params:oauth:token-type:jwt";
    private const string X509SvidTokenType = "urn:bridge:params:oauth:token-type:x509-svid";

    public Task<ExchangeResponse> RequestJwtSvidAsync(string subjectToken, string audience, CancellationToken cancellationToken) =>
        PostAsync(
        [
            new("grant_type", GrantType),
            new("subject_token", subjectToken),
            new("subject_token_type", JwtTokenType),
            new("requested_token_type", JwtTokenType),
            new("audience", audience),
        ], cancellationToken);

    public Task<ExchangeResponse> RequestX509SvidAsync(string subjectToken, string csrPem, CancellationToken cancellationToken) =>
        PostAsync(
        [
            new("grant_type", GrantType),
            new("subject_token", subjectToken),
            new("subject_token_type", JwtTokenType),
            new("requested_token_type", X509SvidTokenType),
            new("csr", csrPem),
        ], cancellationToken);

    private async Task<ExchangeResponse> PostAsync(KeyValuePair<string, string>[] form, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await http.PostAsync(new Uri("token", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new ExchangeResponse(response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }
}
