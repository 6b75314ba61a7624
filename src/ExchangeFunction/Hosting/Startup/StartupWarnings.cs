using Bridge.Attestors.Oidc;
using Bridge.Authority;

namespace Bridge.ExchangeFunction.Hosting.Startup;

/// <summary>
/// Settings that start a working service which is nonetheless probably not what was meant: logged as warnings at
/// start, since each has a legitimate use (a bundle-only service has no issuers; a proxy changes the address).
/// </summary>
internal static partial class StartupWarnings
{
    public static void Log(IConfiguration configuration, AuthorityOptions authority, bool listensOnSockets, ILogger logger)
    {
        if (!configuration.GetSection($"{OidcAttestorOptions.SectionName}:{nameof(OidcAttestorOptions.Issuers)}").GetChildren().Any())
        {
            LogNoIssuers(logger);
        }

        var urls = configuration["Urls"];
        if (listensOnSockets && !string.IsNullOrWhiteSpace(urls) && !IssuerMatchesUrls(authority.Issuer, urls))
        {
            LogIssuerNotServed(logger, authority.Issuer, urls);
        }
    }

    /// <summary>
    /// Only a loopback issuer is checked: it can only be reached directly, so some listening address must be it. Any
    /// other issuer is usually a proxy, an API gateway or a load balancer in front of the service.
    /// </summary>
    internal static bool IssuerMatchesUrls(string issuer, string urls)
    {
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var issuerUri) || !issuerUri.IsLoopback)
        {
            return true;
        }

        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Wildcard hosts (http://*:5080, http://+:5080) are not valid URIs: compare them as text.
            var wildcard = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (Uri.TryCreate(wildcard, UriKind.Absolute, out var listen)
                && string.Equals(listen.Scheme, issuerUri.Scheme, StringComparison.OrdinalIgnoreCase)
                && listen.Port == issuerUri.Port
                && (listen.IsLoopback || listen.Host is "0.0.0.0" or "[::]"))
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(5030, LogLevel.Warning, "No evidence issuer is configured (Bridge:Attestors:Oidc:Issuers is empty): discovery and the bundle are served, every exchange is refused")]
    private static partial void LogNoIssuers(ILogger logger);

    [LoggerMessage(5031, LogLevel.Warning, "Bridge:Authority:Issuer {Issuer} is not an address this service listens on (Urls {Urls}): JWT-SVIDs and discovery will name an issuer nobody reaches; set Bridge:Authority:Issuer to match Urls")]
    private static partial void LogIssuerNotServed(ILogger logger, string issuer, string urls);
}
