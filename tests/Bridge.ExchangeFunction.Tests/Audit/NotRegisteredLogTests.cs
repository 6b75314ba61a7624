using System.Net;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace Bridge.ExchangeFunction.Tests.Audit;

/// <summary>
/// A verified caller without an entry leaves, at Debug, the selectors it proved and the parent entries need, so the
/// operator can write the entry (the caller still learns nothing). Its own service, so other tests' events do not mix.
/// </summary>
public sealed class NotRegisteredLogTests(LoggingBridgeFactory factory) : IClassFixture<LoggingBridgeFactory>
{
    [Fact]
    public async Task NotRegistered_LogsTheCallersVerifiedSelectorsAtDebug()
    {
        using var denied = await factory.Client.PostTokenAsync(TokenRequest.Jwt(factory.StsToken("Unlisted"), "ledger"));

        await OAuthAssert.ErrorAsync(denied, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.SubjectToken);
        var log = Assert.Single(factory.Logs.Logs, l => l.EventId.Id == 2021);
        Assert.Equal(LogLevel.Debug, log.Level);
        Assert.Equal(BridgeFactory.AttestorName, log.Values["Attestor"]);
        Assert.Equal($"spiffe://{BridgeFactory.TrustDomainName}/bridge/attestor/{BridgeFactory.AttestorName}", log.Values["ParentId"]);
        Assert.Contains("aws:role:Unlisted", log.Values["Selectors"], StringComparison.Ordinal);
        Assert.Contains($"aws:account:{BridgeFactory.Account}", log.Values["Selectors"], StringComparison.Ordinal);
    }
}
