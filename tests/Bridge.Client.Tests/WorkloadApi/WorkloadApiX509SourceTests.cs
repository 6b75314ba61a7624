using Bridge.Client.Tests.TestSupport;
using Bridge.Client.Tests.TestSupport.WorkloadApi;
using Bridge.Client.WorkloadApi;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Tls;
using Bridge.Testing.Logging;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Client.Tests.WorkloadApi;

/// <summary>
/// <see cref="WorkloadApiX509Source"/> against a fake agent on a real Unix socket that streams real certificates.
/// Waits are bounded by the test's cancellation, never asserted on; the backoff runs on a fake clock.
/// </summary>
public sealed class WorkloadApiX509SourceTests : IAsyncLifetime
{
    private const string WorkloadA = "spiffe://example.org/workload-a";
    private const string WorkloadB = "spiffe://example.org/workload-b";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly TestSvidAuthority _authority;
    private readonly CapturingLogger<WorkloadApiX509Source> _log = new();
    private FakeWorkloadApiServer _server = null!;

    public WorkloadApiX509SourceTests()
    {
        _authority = new TestSvidAuthority("example.org", _time.GetUtcNow());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await FakeWorkloadApiServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _authority.Dispose();
    }

    [Fact]
    public async Task FirstMessage_GivesTheDefaultIdentity_WithKeyAndBundle_AndEveryCallCarriesTheHeader()
    {
        var a = _authority.Issue(WorkloadA);
        var b = _authority.Issue(WorkloadB);
        _server.Fake.Publish(new X509SVIDResponse { Svids = { _authority.Message(a), _authority.Message(b) } });
        await using var source = NewSource();

        var svid = await source.GetX509SvidAsync(Ct);

        Assert.Equal(SpiffeId.Parse(WorkloadA), svid.Id);
        Assert.Equal(a.Thumbprint, svid.Leaf.Thumbprint);
        Assert.True(svid.Leaf.HasPrivateKey);
        Assert.Equal(_authority.Root.Thumbprint, Assert.Single(source.GetX509BundleForTrustDomain(TrustDomain.Parse("example.org"))!.Authorities).Thumbprint);
        Assert.All(_server.Fake.SecurityHeaders, h => Assert.Equal("true", h));
        Assert.NotEmpty(_server.Fake.SecurityHeaders);
    }

    [Fact]
    public async Task ChosenSpiffeIdOrHint_PicksThatIdentity()
    {
        var a = _authority.Issue(WorkloadA);
        var b = _authority.Issue(WorkloadB);
        _server.Fake.Publish(new X509SVIDResponse { Svids = { _authority.Message(a, "front"), _authority.Message(b, "back") } });
        await using var byId = NewSource(o => o.SpiffeId = WorkloadB);
        await using var byHint = NewSource(o => o.Hint = "back");

        Assert.Equal(b.Thumbprint, (await byId.GetX509SvidAsync(Ct)).Leaf.Thumbprint);
        Assert.Equal(b.Thumbprint, (await byHint.GetX509SvidAsync(Ct)).Leaf.Thumbprint);
        Assert.Equal("back", byHint.Hint);
    }

    [Fact]
    public async Task Rotation_UpdatesCurrent_AndTheNextHandshakePresentsTheNewSvid()
    {
        await using var clientAgent = await FakeWorkloadApiServer.StartAsync();
        var server1 = _authority.Issue(WorkloadA);
        _server.Fake.Publish(_authority.Response(server1));
        clientAgent.Fake.Publish(_authority.Response(_authority.Issue(WorkloadB)));
        await using var server = NewSource();
        await using var client = NewSource(o => o.Address = clientAgent.Address);
        var selector = SpiffeTls.CreateServerOptionsSelector(server, SpiffeIdMatcher.Exact(SpiffeId.Parse(WorkloadB)), _time);
        Func<ValueTask<System.Net.Security.SslClientAuthenticationOptions>> clientOptions =
            () => SpiffeTls.CreateClientOptionsAsync(client, SpiffeIdMatcher.Exact(SpiffeId.Parse(WorkloadA)), _time, cancellationToken: Ct);

        var before = await LoopbackHandshake.RunAsync(selector, clientOptions);
        var server2 = _authority.Issue(WorkloadA);
        _server.Fake.Publish(_authority.Response(server2));
        await WaitUntilAsync(() => server.Current?.Leaf.Thumbprint == server2.Thumbprint);
        var after = await LoopbackHandshake.RunAsync(selector, clientOptions);

        Assert.Equal(server1.Thumbprint, before.ServerThumbprint);
        Assert.Equal(server2.Thumbprint, after.ServerThumbprint);
        Assert.Equal(client.Current!.Leaf.Thumbprint, after.ClientThumbprint);
    }

    [Fact]
    public async Task MutualTls_RefusesAPeerOutsideTheAuthorizer()
    {
        await using var clientAgent = await FakeWorkloadApiServer.StartAsync();
        _server.Fake.Publish(_authority.Response(_authority.Issue(WorkloadA)));
        clientAgent.Fake.Publish(_authority.Response(_authority.Issue(WorkloadB)));
        await using var server = NewSource();
        await using var client = NewSource(o => o.Address = clientAgent.Address);
        var selector = SpiffeTls.CreateServerOptionsSelector(server, SpiffeIdMatcher.Exact(SpiffeId.Parse("spiffe://example.org/someone-else")), _time);

        var outcome = await LoopbackHandshake.RunAsync(
            selector, () => SpiffeTls.CreateClientOptionsAsync(client, SpiffeIdMatcher.Exact(SpiffeId.Parse(WorkloadA)), _time, cancellationToken: Ct));

        Assert.Null(outcome.ClientThumbprint);
        Assert.Null(outcome.ServerThumbprint);
    }

    [Fact]
    public async Task AgentRestart_TheSourceReconnects_AndTakesTheNewSvid()
    {
        _server.Fake.Publish(_authority.Response(_authority.Issue(WorkloadA)));
        await using var source = NewSource();
        await source.GetX509SvidAsync(Ct);

        await _server.StopAsync();
        var renewed = _authority.Issue(WorkloadA);
        _server.Fake.Publish(_authority.Response(renewed));
        await _server.RestartAsync();
        await WaitUntilAsync(() => source.Current?.Leaf.Thumbprint == renewed.Thumbprint, advanceClock: true);

        Assert.True(_server.Fake.X509Streams >= 2);
    }

    [Fact]
    public async Task PermissionDenied_IsRetriedWithBackoff_UntilTheAgentHasTheIdentity()
    {
        _server.Fake.X509Failures.Enqueue(StatusCode.PermissionDenied);
        _server.Fake.X509Failures.Enqueue(StatusCode.PermissionDenied);
        _server.Fake.X509Failures.Enqueue(StatusCode.Unavailable);
        var issued = _authority.Issue(WorkloadA);
        _server.Fake.Publish(_authority.Response(issued));
        await using var source = NewSource();

        var waiting = source.GetX509SvidAsync(Ct).AsTask();
        await WaitUntilAsync(() => waiting.IsCompleted, advanceClock: true);

        Assert.Equal(issued.Thumbprint, (await waiting).Leaf.Thumbprint);
        Assert.Equal(4, _server.Fake.X509Streams);
        Assert.Contains(_log.Entries, e => e.Contains(" 3300 ", StringComparison.Ordinal) && e.Contains("PermissionDenied", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.Unimplemented)]
    public async Task InvalidArgumentOrUnimplemented_StopsTheSource_WithoutRetrying(StatusCode code)
    {
        _server.Fake.X509Failures.Enqueue(code);
        _server.Fake.Publish(_authority.Response(_authority.Issue(WorkloadA)));
        await using var source = NewSource();

        var error = await Assert.ThrowsAsync<WorkloadApiException>(() => source.GetX509SvidAsync(Ct).AsTask());
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(code, error.StatusCode);
        Assert.False(error.IsTransient);
        Assert.Equal(1, _server.Fake.X509Streams);
        Assert.Null(source.Current);
    }

    [Fact]
    public async Task MalformedMessages_AreIgnoredAndLogged_TheCurrentSvidStays()
    {
        var good = _authority.Issue(WorkloadA);
        _server.Fake.Publish(_authority.Response(good));
        await using var source = NewSource();
        await source.GetX509SvidAsync(Ct);
        var other = _authority.Issue(WorkloadB);
        using var foreign = new TestSvidAuthority("example.org", _time.GetUtcNow());
        X509SVIDResponse[] bad =
        [
            new X509SVIDResponse(),                                                                               // no SVID
            Response(_authority.Message(good), m => m.X509SvidKey = ByteString.CopyFrom(other.KeyPkcs8)),         // another key
            Response(_authority.Message(good), m => m.X509SvidKey = ByteString.CopyFromUtf8("not a key")),        // garbage key
            Response(_authority.Message(good), m => m.X509Svid = ByteString.CopyFrom(good.ChainDer[..40])),       // truncated chain
            Response(_authority.Message(good), m => m.SpiffeId = WorkloadB),                                      // ID is not the leaf's
            Response(_authority.Message(good), m => m.SpiffeId = "not a spiffe id"),
            Response(_authority.Message(good), m => m.Bundle = foreign.BundleDer),                                // chain does not verify
            Response(_authority.Message(good), m => m.Bundle = ByteString.Empty),
            new X509SVIDResponse { Svids = { _authority.Message(good) }, FederatedBundles = { ["spiffe://other.org"] = ByteString.CopyFromUtf8("junk") } },
        ];

        // One at a time: the fake, like an agent, sends only the latest state to a stream that is behind.
        for (var i = 0; i < bad.Length; i++)
        {
            _server.Fake.Publish(bad[i]);
            await WaitUntilAsync(() => _log.Entries.Count(e => e.Contains(" 3303 ", StringComparison.Ordinal)) > i);
            Assert.Equal(good.Thumbprint, source.Current!.Leaf.Thumbprint);
        }

        Assert.Equal(good.Thumbprint, (await source.GetX509SvidAsync(Ct)).Leaf.Thumbprint);
        Assert.DoesNotContain(_log.Entries, e => e.Contains("PRIVATE", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ExpiredSvid_IsNotCurrent_AndGetWaitsForAFreshOne()
    {
        var shortLived = _authority.Issue(WorkloadA, TimeSpan.FromMinutes(10));
        _server.Fake.Publish(_authority.Response(shortLived));
        await using var source = NewSource();
        await source.GetX509SvidAsync(Ct);

        _time.Advance(TimeSpan.FromMinutes(11));
        var waiting = source.GetX509SvidAsync(Ct).AsTask();

        Assert.Null(source.Current);
        Assert.False(waiting.IsCompleted);
    }

    private static X509SVIDResponse Response(X509SVID svid, Action<X509SVID> bend)
    {
        bend(svid);
        return new X509SVIDResponse { Svids = { svid } };
    }

    [Fact]
    public async Task FetchOnce_ReadsTheFirstMessageStrictly_ThenClosesTheStream()
    {
        var a = _authority.Issue(WorkloadA);
        var b = _authority.Issue(WorkloadB);
        _server.Fake.Publish(new X509SVIDResponse { Svids = { _authority.Message(a), _authority.Message(b) } });
        using var client = new WorkloadApiClient(new WorkloadApiOptions { Address = _server.Address, SpiffeId = WorkloadB });

        var response = await client.FetchX509SvidAsync(_time, Ct);

        Assert.Equal(SpiffeId.Parse(WorkloadB), response.Svid.Id);
        Assert.Equal(b.Thumbprint, response.Svid.Leaf.Thumbprint);
        Assert.True(response.Svid.Leaf.HasPrivateKey);
        Assert.NotNull(response.Bundles.GetX509BundleForTrustDomain(TrustDomain.Parse("example.org")));
        Assert.Equal(1, _server.Fake.X509Streams);
        Assert.Equal("true", Assert.Single(_server.Fake.SecurityHeaders));
    }

    [Theory]
    [InlineData(StatusCode.PermissionDenied)]
    [InlineData(StatusCode.Unavailable)]
    public async Task FetchOnce_ARefusal_IsReportedWithItsStatus_NotRetried(StatusCode code)
    {
        _server.Fake.X509Failures.Enqueue(code);
        _server.Fake.Publish(_authority.Response(_authority.Issue(WorkloadA)));
        using var client = new WorkloadApiClient(new WorkloadApiOptions { Address = _server.Address });

        var error = await Assert.ThrowsAsync<WorkloadApiException>(() => client.FetchX509SvidAsync(_time, Ct));

        Assert.Equal(code, error.StatusCode);
        Assert.Equal(1, _server.Fake.X509Streams);
    }

    [Fact]
    public async Task FetchOnce_AMessageThatDoesNotVerify_IsInternal_NeverAnSvid()
    {
        using var foreign = new TestSvidAuthority("example.org", _time.GetUtcNow());
        _server.Fake.Publish(Response(_authority.Message(_authority.Issue(WorkloadA)), m => m.Bundle = foreign.BundleDer));
        using var client = new WorkloadApiClient(new WorkloadApiOptions { Address = _server.Address });

        var error = await Assert.ThrowsAsync<WorkloadApiException>(() => client.FetchX509SvidAsync(_time, Ct));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    private WorkloadApiX509Source NewSource(Action<WorkloadApiOptions>? configure = null)
    {
        var options = new WorkloadApiOptions { Address = _server.Address };
        configure?.Invoke(options);
        return new WorkloadApiX509Source(new WorkloadApiClient(options), _time, _log);
    }

    // Polls a condition the source reaches asynchronously; with advanceClock the fake clock moves a backoff step per
    // poll. The limit only stops a broken build from hanging: nothing is asserted about time.
    private async Task WaitUntilAsync(Func<bool> condition, bool advanceClock = false)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (advanceClock)
            {
                _time.Advance(TimeSpan.FromSeconds(30));
            }

            await Task.Delay(20, limit.Token);
        }
    }
}
