namespace Bridge.ExchangeFunction.Endpoints;

/// <summary>Why the HTTP edge refused a request before <c>ExchangeService</c> ran.</summary>
internal enum EdgeRefusal
{
    /// <summary>Parameters in the query string of <c>POST /token</c>.</summary>
    QueryParameters,

    /// <summary>A body that is not form-encoded.</summary>
    UnsupportedContentType,

    /// <summary>A body over the size limit.</summary>
    BodyTooLarge,

    /// <summary>A body that stopped arriving, or arrived too slowly.</summary>
    BodyTimeout,

    /// <summary>A body that is not valid UTF-8 form encoding.</summary>
    MalformedBody,

    /// <summary>A form whose parameters break RFC 8693 (missing, repeated, unsupported).</summary>
    InvalidParameters,

    /// <summary>A path no endpoint serves.</summary>
    UnknownRoute,

    /// <summary>A method the path's endpoint does not accept.</summary>
    MethodNotAllowed,
}
