using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Agent.Cache;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;

namespace Bridge.Agent.Tests.Cache;

public sealed class IdentitySynchronizerTests
{
    [Fact]
    public async Task FirstSync_MintsAVerifiedSvidPerEntryAndPublishesOneSnapshot()
    {
        using var harness = new CacheHarness();
        harness.Server.Entries = [FakeAgentServerClient.Entry("a", dnsNames: ["a.internal"]), FakeAgentServerClient.Entry("b"), FakeAgentServerClient.Entry("c")];
        var before = harness.Cache.Current;

        var delay = await harness.SyncAsync();

        var snapshot = harness.Cache.Current;
        Assert.Equal(1, snapshot.Version);
        Assert.True(before.Superseded.IsCompleted);
        Assert.Equal(["a", "b", "c"], snapshot.Identities.Select(i => i.Entry.Id));
        Assert.Same(harness.Server.Bundle, snapshot.Bundle);
        Assert.Equal(CacheHarness.Start, snapshot.SyncedAt);
        Assert.Single(harness.Server.Batches);
        Assert.Equal(TimeSpan.FromSeconds(30), delay);
        foreach (var identity in snapshot.Identities)
        {
            AssertServable(identity, harness.Server.Bundle, harness.Time.GetUtcNow());
        }
    }

    [Fact]
    public async Task UnchangedSync_IsA304AndPublishesNothing()
    {
        using var harness = new CacheHarness();
        harness.Server.Entries = [FakeAgentServerClient.Entry("a")];
        await harness.SyncAsync();
        var first = harness.Cache.Current;

        harness.Time.Advance(TimeSpan.FromSeconds(30));
        await harness.SyncAsync();

        Assert.Same(first, harness.Cache.Current);
        Assert.False(first.Superseded.IsCompleted);
        Assert.Equal(2, harness.Server.EntriesCalls);
        Assert.Single(harness.Server.Batches);
        Assert.Equal(CacheHarness.Start.AddSeconds(30), harness.Cache.Status.LastSuccessAt);
    }

    [Fact]
    public async Task Svid_IsRenewedAtHalfItsLifeWithinTheJitter()
    {
        using var harness = new CacheHarness();
        harness.Server.Entries = [FakeAgentServerClient.Entry("a")];
        await harness.SyncAsync();
        var first = harness.Cache.Current.Identities[0].X509Svid!;

        // 0.5 ± 0.05 of one hour: nothing before 27 minutes, always by 33.
        harness.Time.Advance(TimeSpan.FromMinutes(26.9));
        await harness.SyncAsync();
        Assert.Single(harness.Server.Batches);

        harness.Time.Advance(TimeSpan.FromMinutes(6.2));
        await harness.SyncAsync();

        var renewed = harness.Cache.Current.Identities[0].X509Svid!;
        Assert.Equal(2, harness.Server.Batches.Count);
        Assert.NotEqual(first.SerialNumber, renewed.SerialNumber);
        Assert.Equal(2, harness.Cache.Current.Version);
    }

    [Fact]
    public async Task Wait_EndsNoLaterThanTheNextRenewal()
    {
        using var harness = new CacheHarness(new IdentityCacheOptions { SyncInterval = TimeSpan.FromHours(1), RetryBackoffMax = TimeSpan.FromHours(1) });
        harness.Server.Entries = [FakeAgentServerClient.Entry("a")];

        var delay = await harness.SyncAsync();

        Assert.InRange(delay, TimeSpan.FromMinutes(27), TimeSpan.FromMinutes(33));
    }

    [Fact]
    public async Task EntryAdded_MintsOnlyTheNewOne()
    {
        using var harness = new CacheHarness();
        harness.Server.Entries = [FakeAgentServerClient.Entry("a")];
        await harness.SyncAsync();
        var a = harness.Cache.Current.Identities[0].X509Svid;

        harness.Server.Entries = [FakeAgentServerClient.Entry("a"), FakeAgentServerClient.Entry("b")];
        await harness.SyncAsync();

        Assert.Equal(["b"], harness.Server.Batches[^1]);
        Assert.Same(a, harness.Cache.Current.Identities[0].X509Svid);
        Assert.NotNull(harness.Cache.Current.Identities[1].X509Svid);
    }

    [Fact]
    public async Task EntryRemoved_DropsItsIdentityAtOnce()
    {
        using var harness = new CacheHarness();
        harness.Server.Entries = [FakeAgentServerClient.Entry("a"), FakeAgentServerClient.Entry("b")];
        await harness.SyncAsync();

        harness.Server.Entries = [FakeAgentServerClient.Entry("b")];
        await harness.SyncAsync();

        Assert.Equal(["b"], harness.Cache.Current.Identities.Select(i => i.Entry.Id));
        Assert.Single(harness.Server.Batches);
        Assert.Contains(harness.Logger.Entries, e => e.Contains(" 8303 ", StringComparison.Ordinal) && e.Contains("spiffe://example.org/workload/a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EntryWithNewDnsNames_IsReMinted()
    {
        using var harness = new CacheHarness();
        harness.Server.Entries = [FakeAgentServerClient.Entry("a", dnsNames: ["old.internal"])];
        await harness.SyncAsync();

        harness.Server.Entries = [FakeAgentServerClient.Entry("a", dnsNames: ["new.internal"])];
        await harness.SyncAsync();

        using var leaf = Leaf(harness.Cache.Current.Identities[0].X509Svid!);
        Assert.Equal(2, harness.Server.Batches.Count);
        Assert.Contains("new.internal", new X509SubjectAlternativeNameExtension(leaf.Extensions["2.5.29.17"]!.RawData).EnumerateDnsNames());
    }

    [Fact]
    public async Task EntryWithNewTtl_IsReMinted()
    {
        using var harness = new CacheHarness();
        harness.Server.Entries = [FakeAgentServerClient.Entry("a")];
        await harness.SyncAsync();

        harness.Server.Entries = [FakeAgentServerClient.Entry("a", x509Ttl: 600)];
        await harness.SyncAsync();

        Assert.Equal(CacheHarness.Start.AddMinutes(10), harness.Cache.Current.Identities[0].X509Svid!.ExpiresAt);
    }

    [Fact]
    public async Task EntryWithNewSpiffeId_StopsServingTheOldIdEvenWhenTheNewCannotBeMinted()
    {
        using var harness = new CacheHarness();
        harness.Server.Entries = [FakeAgentServerClient.Entry("a")];
        await harness.SyncAsync();

        harness.Server.Entries = [FakeAgentServerClient.Entry("a", spiffeId: "spiffe://example.org/renamed")];
        harness.Server.MintFailure = Unavailable();
        await harness.SyncAsync();

        var identity = Assert.Single(harness.Cache.Current.Identities);
        Assert.Equal("spiffe://example.org/renamed", identity.Entry.SpiffeId);
        Assert.Null(identity.X509Svid);
    }

    [Fact]
    public async Task Outage_KeepsServingTheCachedSvidUntilItExpiresThenDropsIt()
    {
        using var harness = new CacheHarness();
        harness.Server.Entries = [FakeAgentServerClient.Entry("a", x509Ttl: 600)];
        await harness.SyncAsync();
        var served = harness.Cache.Current;
        harness.Server.EntriesFailure = Unavailable();
        harness.Server.MintFailure = Unavailable();

        harness.Time.Advance(TimeSpan.FromMinutes(6));
        var delay = await harness.SyncAsync();

        Assert.Same(served, harness.Cache.Current);
        Assert.NotNull(harness.Cache.Current.Identities[0].X509Svid);
        Assert.Equal(1, harness.Cache.Status.ConsecutiveFailures);
        Assert.InRange(delay, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));

        harness.Time.Advance(TimeSpan.FromMinutes(3.9));
        delay = await harness.SyncAsync();
        Assert.True(delay <= TimeSpan.FromSeconds(6), "The loop wakes when the SVID expires, not a backoff later.");

        harness.Time.Advance(TimeSpan.FromSeconds(6));
        await harness.SyncAsync();

        Assert.True(served.Superseded.IsCompleted);
        var identity = Assert.Single(harness.Cache.Current.Identities);
        Assert.Null(identity.X509Svid);
        Assert.Contains(harness.Logger.Entries, e => e.Contains(" 8304 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outage_EndsWithTheNextGoodSync()
    {
        using var harness = new CacheHarness();
        harness.Server.Entries = [FakeAgentServerClient.Entry("a")];
        harness.Server.EntriesFailure = Unavailable();
        await harness.SyncAsync();
        Assert.Same(IdentitySnapshot.Empty, harness.Cache.Current);

        harness.Server.EntriesFailure = null;
        await harness.SyncAsync();

        Assert.NotNull(harness.Cache.Current.Identities[0].X509Svid);
        Assert.Equal(0, harness.Cache.Status.ConsecutiveFailures);
    }

    [Fact]
    public async Task Backoff_GrowsExponentiallyUpToItsMaximum()
    {
        using var harness = new CacheHarness(new IdentityCacheOptions { RetryBackoffMin = TimeSpan.FromSeconds(1), RetryBackoffMax = TimeSpan.FromSeconds(8) });
        harness.Server.EntriesFailure = Unavailable();

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            delays.Add(await harness.SyncAsync());
        }

        double[] ceilings = [1, 2, 4, 8, 8, 8];
        for (var i = 0; i < ceilings.Length; i++)
        {
            Assert.InRange(delays[i].TotalSeconds, ceilings[i] / 2, ceilings[i]);
        }
    }

    [Theory]
    [InlineData(20, 20)]
    [InlineData(3600, 30)]
    public async Task RetryAfter_IsHonouredUpToTheSyncInterval(int retryAfterSeconds, int expectedSeconds)
    {
        using var harness = new CacheHarness();
        harness.Server.EntriesFailure = Unavailable(TimeSpan.FromSeconds(retryAfterSeconds));

        var delay = await harness.SyncAsync();

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delay);
    }

    [Fact]
    public async Task RefusedBatch_FindsTheBadEntryAndMintsTheOthers()
    {
        using var harness = new CacheHarness();
        harness.Server.Entries = [FakeAgentServerClient.Entry("a"), FakeAgentServerClient.Entry("bad"), FakeAgentServerClient.Entry("c")];
        harness.Server.RefusedEntryIds.Add("bad");

        await harness.SyncAsync();

        var identities = harness.Cache.Current.Identities.ToDictionary(i => i.Entry.Id);
        Assert.NotNull(identities["a"].X509Svid);
        Assert.Null(identities["bad"].X509Svid);
        Assert.NotNull(identities["c"].X509Svid);
        Assert.Equal(0, harness.Cache.Status.ConsecutiveFailures);
        Assert.Contains(harness.Logger.Entries, e => e.Contains(" 8306 ", StringComparison.Ordinal) && e.Contains("entry bad", StringComparison.Ordinal));

        // Refused is not retried until the entry changes.
        var batches = harness.Server.Batches.Count;
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        await harness.SyncAsync();
        Assert.Equal(batches, harness.Server.Batches.Count);
    }

    [Fact]
    public async Task ManyEntries_AreMintedInBatchesOfAtMostMaxBatchSize()
    {
        using var harness = new CacheHarness(new IdentityCacheOptions { MaxBatchSize = 50 });
        harness.Server.Entries = [.. Enumerable.Range(0, 120).Select(i => FakeAgentServerClient.Entry($"e{i:D3}"))];

        await harness.SyncAsync();

        Assert.Equal([50, 50, 20], harness.Server.Batches.Select(b => b.Length));
        Assert.All(harness.Cache.Current.Identities, i => Assert.NotNull(i.X509Svid));
    }

    [Theory]
    [InlineData("another SPIFFE ID")]
    [InlineData("another key")]
    [InlineData("another CA")]
    [InlineData("another entry")]
    [InlineData("expired")]
    [InlineData("empty chain")]
    public async Task BadSvidAnswer_IsNotCachedAndKeepsWhatIsServed(string bend)
    {
        using var harness = new CacheHarness();
        using var otherCa = new Testing.Agents.TestSpiffeCa("example.org", CacheHarness.Start);
        harness.Server.Entries = [FakeAgentServerClient.Entry("a", x509Ttl: 600)];
        await harness.SyncAsync();
        var served = harness.Cache.Current;
        harness.Server.Entries = [FakeAgentServerClient.Entry("a", x509Ttl: 600), FakeAgentServerClient.Entry("b")];
        harness.Server.Tamper = (request, svid) => Bend(request, svid, bend, harness.Ca, otherCa, harness.Time.GetUtcNow());

        await harness.SyncAsync();

        var identities = harness.Cache.Current.Identities;
        Assert.Same(served.Identities[0].X509Svid, identities[0].X509Svid);
        Assert.Null(identities[1].X509Svid);
        Assert.Equal(Server.AgentServerFailure.InvalidResponse, harness.Cache.Status.LastFailure);
        Assert.Contains(harness.Logger.Entries, e => e.Contains(" 8307 ", StringComparison.Ordinal));

        harness.Server.Tamper = null;
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        await harness.SyncAsync();
        Assert.NotNull(harness.Cache.Current.Identities[1].X509Svid);
    }

    [Fact]
    public async Task SyncWithABundleOfAnotherTrustDomain_IsRefusedWhole()
    {
        using var harness = new CacheHarness();
        harness.Server.Bundle = new SpiffeBundle(TrustDomain.Parse("evil.example"), [harness.Ca.Root], Array.Empty<JwtAuthority>());
        harness.Server.Entries = [FakeAgentServerClient.Entry("a")];

        await harness.SyncAsync();

        Assert.Same(IdentitySnapshot.Empty, harness.Cache.Current);
        Assert.Empty(harness.Server.Batches);
        Assert.Equal(Server.AgentServerFailure.InvalidResponse, harness.Cache.Status.LastFailure);
    }

    [Fact]
    public async Task SyncWithAnEntryOutsideTheTrustDomain_IsRefusedWhole()
    {
        using var harness = new CacheHarness();
        harness.Server.Entries = [FakeAgentServerClient.Entry("a"), FakeAgentServerClient.Entry("b", spiffeId: "spiffe://evil.example/x")];

        await harness.SyncAsync();

        Assert.Same(IdentitySnapshot.Empty, harness.Cache.Current);
        Assert.Empty(harness.Server.Batches);
    }

    [Fact]
    public async Task Unauthenticated_IsLoggedAndTheCachedIdentitiesStay()
    {
        using var harness = new CacheHarness();
        harness.Server.Entries = [FakeAgentServerClient.Entry("a")];
        await harness.SyncAsync();
        var served = harness.Cache.Current;
        harness.Server.EntriesFailure = new Server.AgentServerException(Server.AgentServerFailure.Unauthenticated, "GET /agent/v1/entries: 401.", 401);

        harness.Time.Advance(TimeSpan.FromSeconds(30));
        await harness.SyncAsync();

        Assert.Same(served, harness.Cache.Current);
        Assert.Contains(harness.Logger.Entries, e => e.Contains(" 8308 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RoundThatFailedUnexpectedly_IsPublishedByTheNextRoundEvenIfThatIsA304()
    {
        using var harness = new CacheHarness();
        harness.Server.Entries = [FakeAgentServerClient.Entry("a")];
        await harness.SyncAsync();
        harness.Server.Entries = [FakeAgentServerClient.Entry("a"), FakeAgentServerClient.Entry("b")];
        harness.Server.MintFailure = new InvalidOperationException("a bug in the client");
        await Assert.ThrowsAsync<InvalidOperationException>(harness.SyncAsync);

        harness.Server.MintFailure = null;
        harness.Server.RefusedEntryIds.Add("b");
        await harness.SyncAsync();

        Assert.Equal(["a", "b"], harness.Cache.Current.Identities.Select(i => i.Entry.Id));
    }

    [Fact]
    public async Task Logs_NeverCarryAPrivateKey()
    {
        using var harness = new CacheHarness();
        harness.Server.Entries = [FakeAgentServerClient.Entry("a")];
        await harness.SyncAsync();

        var key = Convert.ToBase64String(harness.Cache.Current.Identities[0].X509Svid!.PrivateKeyPkcs8.Span);
        Assert.DoesNotContain(harness.Logger.Entries, e => e.Contains(key[..24], StringComparison.Ordinal));
        Assert.Contains(harness.Logger.Entries, e => e.Contains(harness.Cache.Current.Identities[0].X509Svid!.SerialNumber, StringComparison.Ordinal));
    }

    internal static Server.AgentServerException Unavailable(TimeSpan? retryAfter = null) =>
        new(Server.AgentServerFailure.Unavailable, "GET /agent/v1/entries: 503.", 503, retryAfter);

    private static void AssertServable(CachedIdentity identity, SpiffeBundle bundle, DateTimeOffset now)
    {
        var svid = identity.X509Svid!;
        var certificates = Certificates(svid.ChainDer);
        try
        {
            var verification = X509SvidVerifier.Verify(certificates, bundle, now);
            Assert.True(verification.IsValid, verification.Error);
            Assert.Equal(identity.Entry.SpiffeId, verification.Id.ToString());
            using var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(svid.PrivateKeyPkcs8.Span, out _);
            Assert.Equal(certificates[0].PublicKey.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
            Assert.Equal(certificates[0].SerialNumber.ToLowerInvariant(), svid.SerialNumber);
            Assert.Equal(certificates[0].NotAfter.ToUniversalTime(), svid.ExpiresAt.UtcDateTime);
            Assert.Equal(certificates[0].NotBefore.ToUniversalTime(), svid.IssuedAt.UtcDateTime);
        }
        finally
        {
            FakeAgentServerClient.Dispose(certificates);
        }
    }

    internal static X509Certificate2[] Certificates(ReadOnlyMemory<byte> chainDer)
    {
        var result = new List<X509Certificate2>();
        var rest = chainDer;
        while (!rest.IsEmpty)
        {
            System.Formats.Asn1.AsnDecoder.ReadEncodedValue(rest.Span, System.Formats.Asn1.AsnEncodingRules.DER, out _, out _, out var consumed);
            result.Add(X509CertificateLoader.LoadCertificate(rest.Span[..consumed]));
            rest = rest[consumed..];
        }

        return [.. result];
    }

    private static X509Certificate2 Leaf(X509SvidMaterial svid)
    {
        var certificates = Certificates(svid.ChainDer);
        FakeAgentServerClient.Dispose(certificates[1..]);
        return certificates[0];
    }

    private static Server.MintedX509Svid Bend(
        Server.X509SvidMintRequest request, Server.MintedX509Svid svid, string bend, Testing.Agents.TestSpiffeCa ca, Testing.Agents.TestSpiffeCa otherCa, DateTimeOffset now)
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherCsr = new CertificateRequest("CN=x", otherKey, HashAlgorithmName.SHA256).CreateSigningRequest();
        X509Certificate2[]? chain = bend switch
        {
            "another SPIFFE ID" => ca.Sign(request.Csr.Span, "spiffe://example.org/someone-else", [], now, now.AddHours(1)),
            "another key" => ca.Sign(otherCsr, svid.SpiffeId, [], now, now.AddHours(1)),
            "another CA" => otherCa.Sign(request.Csr.Span, svid.SpiffeId, [], now, now.AddHours(1)),
            "expired" => ca.Sign(request.Csr.Span, svid.SpiffeId, [], now.AddHours(-3), now.AddHours(-2)),
            "empty chain" => [],
            _ => null,
        };
        if (chain is null)
        {
            return bend == "another entry" ? svid with { EntryId = "zzz" } : throw new ArgumentOutOfRangeException(nameof(bend));
        }

        FakeAgentServerClient.Dispose(svid.Chain);
        return svid with { Chain = chain };
    }
}
