namespace Bridge.Spiffe.Id;

/// <summary>The reasons a SPIFFE ID or trust domain is rejected. Stable strings: tests and docs quote them.</summary>
internal static class SpiffeIdErrors
{
    public const string Empty = "cannot be empty";
    public const string WrongScheme = "scheme is missing or invalid";
    public const string TrustDomainMissing = "trust domain is missing";
    public const string BadTrustDomainChar = "trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores";
    public const string TrustDomainTooLong = "trust domain exceeds 255 bytes";
    public const string PortOrUserInfo = "trust domain cannot contain a port or user info";
    public const string QueryOrFragment = "cannot contain a query or a fragment";
    public const string PercentEncoded = "cannot contain percent-encoded characters";
    public const string EmptySegment = "path cannot contain empty segments";
    public const string DotSegment = "path cannot contain dot segments";
    public const string TrailingSlash = "path cannot have a trailing slash";
    public const string NoLeadingSlash = "path must begin with '/'";
    public const string BadPathSegmentChar = "path segment characters are limited to letters, numbers, dots, dashes, and underscores";
    public const string TooLong = "SPIFFE ID exceeds 2048 bytes";
}
