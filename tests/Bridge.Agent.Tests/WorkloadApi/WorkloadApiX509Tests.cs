using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Agent.WorkloadApi;
using Grpc.Core;

namespace Bridge.Agent.Tests.WorkloadApi;

public sealed class WorkloadApiX509Tests
{
    private static readonly string[] Web = ["unix:uid:0"];

    [Fact]
    public async Task FetchX509Svid_SendsEveryMatchedSvidWithKeyBundleAndHint_AtOnce()
    {
        await using var host = await WorkloadApiHost.StartAsync();
        var web = host.TrustDomain.Identity("/web", Web, hint: "internal");
        var other = host.TrustDomain.Identity("/other", ["unix:uid:1000"]);
        host.Cache.Publish([web, other]);
        using var call = host.Client().FetchX509SVID(new X509SVIDRequest(), cancellationToken: TestContext.Current.CancellationToken);

        var response = await NextAsync(call);

        var svid = Assert.Single(response.Svids);
        Assert.Equal("spiffe://example.org/web", svid.SpiffeId);
        Assert.Equal("internal", svid.Hint);
        Assert.Equal(host.TrustDomain.Root.RawData, svid.Bundle.ToByteArray());
        using var leaf = X509CertificateLoader.LoadCertificate(svid.X509Svid.ToByteArray());
        Assert.Contains("URI:spiffe://example.org/web", leaf.Extensions["2.5.29.17"]!.Format(false).Replace("URL=", "URI:", StringComparison.Ordinal), StringComparison.Ordinal);
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(svid.X509SvidKey.Span, out _);
        using var pair = leaf.CopyWithPrivateKey(key);
        Assert.True(pair.HasPrivateKey);
        using var chain = new X509Chain { ChainPolicy = { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck } };
        chain.ChainPolicy.CustomTrustStore.Add(host.TrustDomain.Root);
        Assert.True(chain.Build(leaf));
        Assert.Equal(1, host.Attestation.Calls);
        Assert.Equal(Environment.ProcessId, host.Attestation.LastCaller!.Value.ProcessId);
    }

    [Fact]
    public async Task FetchX509Svid_LeavesOutIdentitiesWithoutSvidAndLaterDuplicateHints()
    {
        await using var host = await WorkloadApiHost.StartAsync();
        host.Cache.Publish([
            host.TrustDomain.Identity("/pending", Web, withSvid: false),
            host.TrustDomain.Identity("/first", Web, hint: "db"),
            host.TrustDomain.Identity("/second", Web, hint: "db"),
            host.TrustDomain.Identity("/third", Web),
        ]);
        using var call = host.Client().FetchX509SVID(new X509SVIDRequest(), cancellationToken: TestContext.Current.CancellationToken);

        var response = await NextAsync(call);

        Assert.Equal(["spiffe://example.org/first", "spiffe://example.org/third"], response.Svids.Select(s => s.SpiffeId));
    }

    [Fact]
    public async Task FetchX509Svid_SendsTheFullNewStateOnRotation_AndNothingForAnUnchangedSnapshot()
    {
        await using var host = await WorkloadApiHost.StartAsync();
        var first = host.TrustDomain.Identity("/web", Web);
        var db = host.TrustDomain.Identity("/db", Web);
        host.Cache.Publish([first, db]);
        using var call = host.Client().FetchX509SVID(new X509SVIDRequest(), cancellationToken: TestContext.Current.CancellationToken);
        var initial = await NextAsync(call);

        // Same identities, new snapshot (a sync that changed nothing for this caller); once the stream has looked at it,
        // a rotation of /web. Had the unchanged state been sent, it would come first.
        var reads = host.Cache.Reads;
        host.Cache.Publish([first, db, host.TrustDomain.Identity("/not-mine", ["unix:uid:4242"])]);
        await WaitUntilAsync(() => host.Cache.Reads > reads);
        var rotated = first with { X509Svid = host.TrustDomain.IssueX509Svid(first.Entry.SpiffeId) };
        host.Cache.Publish([rotated, db]);
        var next = await NextAsync(call);

        Assert.Equal(2, initial.Svids.Count);
        Assert.Equal(2, next.Svids.Count);
        Assert.Equal(rotated.X509Svid!.ChainDer.ToArray(), next.Svids[0].X509Svid.ToByteArray());
        Assert.NotEqual(initial.Svids[0].X509Svid, next.Svids[0].X509Svid);
        Assert.Equal(initial.Svids[1], next.Svids[1]);
    }

    [Fact]
    public async Task FetchX509Svid_BeforeTheFirstSync_WaitsAndAnswersWithTheFirstSnapshot()
    {
        await using var host = await WorkloadApiHost.StartAsync();
        using var call = host.Client().FetchX509SVID(new X509SVIDRequest(), cancellationToken: TestContext.Current.CancellationToken);
        var pending = call.ResponseStream.MoveNext(TestContext.Current.CancellationToken);
        await WaitUntilAsync(() => host.Attestation.Calls == 1);
        Assert.False(pending.IsCompleted);

        host.Cache.Publish([host.TrustDomain.Identity("/web", Web)]);

        Assert.True(await pending);
        Assert.Equal("spiffe://example.org/web", Assert.Single(call.ResponseStream.Current.Svids).SpiffeId);
    }

    [Fact]
    public async Task FetchX509Svid_WhenTheCallersLastEntryGoesAway_EndsTheStreamWithPermissionDenied()
    {
        await using var host = await WorkloadApiHost.StartAsync();
        host.Cache.Publish([host.TrustDomain.Identity("/web", Web)]);
        using var call = host.Client().FetchX509SVID(new X509SVIDRequest(), cancellationToken: TestContext.Current.CancellationToken);
        await NextAsync(call);

        host.Cache.Publish([host.TrustDomain.Identity("/other", ["unix:uid:1000"])]);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(TestContext.Current.CancellationToken));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(WorkloadApiService.NoIdentityMessage, error.Status.Detail);
    }

    [Fact]
    public async Task X509Bundles_AreKeyedByTrustDomainIdAndHoldTheRootsDer()
    {
        await using var host = await WorkloadApiHost.StartAsync();
        host.Cache.Publish([host.TrustDomain.Identity("/web", Web)]);
        using var call = host.Client().FetchX509Bundles(new X509BundlesRequest(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken));

        var (trustDomain, der) = Assert.Single(call.ResponseStream.Current.Bundles);
        Assert.Equal("spiffe://example.org", trustDomain);
        Assert.Equal(host.TrustDomain.Root.RawData, der.ToByteArray());
    }

    [Fact]
    public async Task EveryOpenStream_ReceivesTheRotation_WithAThousandStreamsOpen()
    {
        const int Streams = 1000;
        await using var host = await WorkloadApiHost.StartAsync();
        var web = host.TrustDomain.Identity("/web", Web);
        host.Cache.Publish([web]);
        var client = host.Client();
        var calls = Enumerable.Range(0, Streams).Select(_ => client.FetchX509SVID(new X509SVIDRequest(), cancellationToken: TestContext.Current.CancellationToken)).ToArray();
        try
        {
            var first = await Task.WhenAll(calls.Select(NextAsync));
            Assert.All(first, r => Assert.Equal(web.X509Svid!.ChainDer.ToArray(), r.Svids[0].X509Svid.ToByteArray()));

            var rotated = web with { X509Svid = host.TrustDomain.IssueX509Svid(web.Entry.SpiffeId) };
            host.Cache.Publish([rotated]);
            var second = await Task.WhenAll(calls.Select(NextAsync));

            Assert.All(second, r => Assert.Equal(rotated.X509Svid!.ChainDer.ToArray(), r.Svids[0].X509Svid.ToByteArray()));
            Assert.Equal(Streams, host.Attestation.Calls);
        }
        finally
        {
            foreach (var call in calls)
            {
                call.Dispose();
            }
        }
    }

    internal static async Task<T> NextAsync<T>(AsyncServerStreamingCall<T> call)
    {
        Assert.True(await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken), "the stream ended");
        return call.ResponseStream.Current;
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
