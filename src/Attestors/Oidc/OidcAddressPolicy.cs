using System.Net;

namespace Bridge.Attestors.Oidc;

/// <summary>Which addresses may be fetched for an issuer: HTTPS, or plain HTTP to a loopback host when allowed.</summary>
internal static class OidcAddressPolicy
{
    public static bool IsAllowed(Uri uri, bool allowInsecureLoopback)
    {
        if (!uri.IsAbsoluteUri)
        {
            return false;
        }

        if (string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal))
        {
            return true;
        }

        return allowInsecureLoopback
            && string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal)
            && IsLoopbackHost(uri);
    }

    private static bool IsLoopbackHost(Uri uri)
    {
        if (string.Equals(uri.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(uri.IdnHost, out var address) && IPAddress.IsLoopback(address);
    }
}
