using System.Net;
using Bridge.Protocol;

namespace Bridge.Cli.Load;

/// <summary>
/// The load generator's <c>POST /token</c>: the form and the status, no more. Unlike <c>Bridge.Client</c> it neither
/// parses nor verifies what comes back, so the latencies measured are the service's, not a client's chain checks.
/// </summary>
internal sealed class LoadExchangeClient(HttpClient http)
{
    public Task<HttpStatusCode> RequestJwtSvidAsync(string subjectToken, string audience, CancellationToken cancellationToken) =>
        PostAsync(subjectToken, TokenTypeUris.Jwt, new(TokenExchangeParameters.Audience, audience), cancellationToken);

    public Task<HttpStatusCode> RequestX509SvidAsync(string subjectToken, string csrPem, CancellationToken cancellationToken) =>
        PostAsync(subjectToken, TokenTypeUris.X509Svid, new(TokenExchangeParameters.Csr, csrPem), cancellationToken);

    private async Task<HttpStatusCode> PostAsync(
        string subjectToken, string requestedTokenType, KeyValuePair<string, string> request, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(
        [
            new(TokenExchangeParameters.GrantType, TokenTypeUris.TokenExchangeGrant),
            new(TokenExchangeParameters.SubjectToken, subjectToken),
            new(TokenExchangeParameters.SubjectTokenType, TokenTypeUris.Jwt),
            new(TokenExchangeParameters.RequestedTokenType, requestedTokenType),
            request,
        ]);
        using var response = await http.PostAsync(new Uri("token", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);

        // The body is read as before (the exchange is complete only when it has arrived), but not parsed.
        _ = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }
}
