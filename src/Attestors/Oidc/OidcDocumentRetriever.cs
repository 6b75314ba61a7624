using Microsoft.IdentityModel.Protocols;

namespace Bridge.Attestors.Oidc;

/// <summary>
/// Fetches discovery and JWKS documents through <see cref="HttpDocumentRetriever"/>, refusing any address (including a
/// <c>jwks_uri</c> named by the discovery document) that <see cref="OidcAddressPolicy"/> does not allow.
/// </summary>
internal sealed class OidcDocumentRetriever : IDocumentRetriever
{
    private readonly HttpDocumentRetriever _inner;
    private readonly bool _allowInsecureLoopback;

    public OidcDocumentRetriever(HttpClient httpClient, bool allowInsecureLoopback)
    {
        _inner = new HttpDocumentRetriever(httpClient) { RequireHttps = !allowInsecureLoopback };
        _allowInsecureLoopback = allowInsecureLoopback;
    }

    public Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || !OidcAddressPolicy.IsAllowed(uri, _allowInsecureLoopback))
        {
            throw new InvalidOperationException("The metadata or key address is not an allowed https (or loopback http) address.");
        }

        return _inner.GetDocumentAsync(address, cancel);
    }
}
