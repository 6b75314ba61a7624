using System.Net;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Bridge.ExchangeFunction.Tests.Policy;

/// <summary>
/// A full in-memory replay cache refuses new evidence (fail closed) as a retryable 503 with its own audit event, never
/// as "replayed": the caller's token is fine and operators must act.
/// </summary>
public sealed class ReplayCacheFullTests(ReplayCacheFullTests.FullFactory factory) : IClassFixture<ReplayCacheFullTests.FullFactory>
{
    [Fact]
    public async Task Token_ReplayCacheFull_IsTemporarilyUnavailableWithItsOwnEvent()
    {
        await factory.RegisterAsync("Early");
        await factory.RegisterAsync("Late");
        using var first = await factory.Client.PostTokenAsync(TokenRequest.Jwt(factory.StsToken("Early"), "ledger"));
        await OAuthAssert.SuccessAsync(first);

        using var full = await factory.Client.PostTokenAsync(TokenRequest.Jwt(factory.StsToken("Late"), "ledger"));

        await OAuthAssert.ErrorAsync(full, HttpStatusCode.ServiceUnavailable, "temporarily_unavailable", ErrorDescriptions.Unavailable);
        Assert.Equal(TimeSpan.FromSeconds(2), full.Headers.RetryAfter?.Delta);
        var logs = factory.Logs.Logs.ToList();
        var cacheFull = Assert.Single(logs, l => l.EventId.Id == 2015);
        Assert.Equal(LogLevel.Error, cacheFull.Level);
        Assert.Equal($"arn:aws:iam::{BridgeFactory.Account}:role/Late", cacheFull.Values["Subject"]);
        Assert.DoesNotContain(logs, l => l.EventId.Id == 2003 && l.Values["FailureKind"] == "Replayed");
    }

    /// <summary>A service whose in-memory replay cache holds one record, with its logs captured.</summary>
    public sealed class FullFactory : BridgeFactory
    {
        public CapturingLoggerProvider Logs { get; } = new();

        protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides => [new("Bridge:Replay:InMemory:MaxEntries", "1")];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        }
    }
}
