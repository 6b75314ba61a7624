using System.Net;

namespace Bridge.ExchangeFunction.Tests.Protocol;

/// <summary>One malformed <c>POST /token</c> and the exact answer docs/token-exchange.md promises for it.</summary>
internal sealed record MalformedRequestCase(
    Func<string, HttpRequestMessage> CreateRequest, HttpStatusCode Status, string Error, string Description);
