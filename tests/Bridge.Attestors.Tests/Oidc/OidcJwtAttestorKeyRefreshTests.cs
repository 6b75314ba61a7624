using Bridge.Abstractions.Attestation;
using Bridge.Testing.Oidc;

namespace Bridge.Attestors.Tests.Oidc;

public sealed class OidcJwtAttestorKeyRefreshTests : IDisposable
{
    private readonly OidcTestEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    [Fact]
    public async Task AttestAsync_ManyTokens_FetchesKeysOnce()
    {
        var attestor = _env.CreateAttestor();

        for (var i = 0; i < 5; i++)
        {
            var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims()));
            Assert.True(result.Succeeded, result.Detail);
        }

        Assert.Equal(1, _env.Sts.JwksFetchCount);
        Assert.Equal(1, _env.Sts.DiscoveryFetchCount);
    }

    [Fact]
    public async Task AttestAsync_ConcurrentFirstCalls_FetchKeysOnce()
    {
        var attestor = _env.CreateAttestor();
        var tokens = Enumerable.Range(0, 8).Select(_ => _env.StsTokens.Create(_env.StsTokens.StsClaims())).ToList();

        var results = await Task.WhenAll(tokens.Select(t => OidcTestEnvironment.AttestAsync(attestor, t).AsTask()));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Detail));
        Assert.Equal(1, _env.Sts.JwksFetchCount);
    }

    [Fact]
    public async Task AttestAsync_UnknownKids_AtMostOneRefetchPerRefreshInterval()
    {
        var attestor = _env.CreateAttestor();
        await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims()));
        Assert.Equal(1, _env.Sts.JwksFetchCount);

        for (var i = 0; i < 10; i++)
        {
            using var unknown = OidcTestKey.CreateEc($"unknown-{i}", "ES256");
            var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims(), key: unknown));
            Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
        }

        Assert.Equal(2, _env.Sts.JwksFetchCount);

        _env.Time.Advance(TimeSpan.FromSeconds(29));
        using (var unknown = OidcTestKey.CreateEc("unknown-x", "ES256"))
        {
            await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims(), key: unknown));
        }

        Assert.Equal(2, _env.Sts.JwksFetchCount);

        _env.Time.Advance(TimeSpan.FromSeconds(1));
        using (var unknown = OidcTestKey.CreateEc("unknown-y", "ES256"))
        {
            await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims(), key: unknown));
        }

        Assert.Equal(3, _env.Sts.JwksFetchCount);
    }

    [Fact]
    public async Task AttestAsync_IssuerRotatedKeys_RefetchesAndSucceeds()
    {
        var attestor = _env.CreateAttestor();
        Assert.True((await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims()))).Succeeded);
        using var rotated = OidcTestKey.CreateRsa("sts-2");
        _env.Sts.RotateTo(rotated);

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims(), key: rotated));

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(2, _env.Sts.JwksFetchCount);
    }

    [Fact]
    public async Task AttestAsync_AfterAutomaticRefreshInterval_RefetchesAndDropsRemovedKeys()
    {
        var attestor = _env.CreateAttestor();
        var old = _env.StsTokens.Create(_env.StsTokens.StsClaims(), null);
        Assert.True((await OidcTestEnvironment.AttestAsync(attestor, old)).Succeeded);
        using var rotated = OidcTestKey.CreateRsa("sts-2");
        _env.Sts.RotateTo(rotated);

        _env.Time.Advance(TimeSpan.FromHours(1));
        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims()));

        Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
        Assert.True(_env.Sts.JwksFetchCount >= 2);
    }

    [Fact]
    public async Task AttestAsync_RefreshIntervalRespectsConfiguration()
    {
        var attestor = _env.CreateAttestor(o => o.Issuers[0].RefreshInterval = TimeSpan.FromSeconds(5));
        await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims()));
        using var unknown = OidcTestKey.CreateEc("unknown", "ES256");
        var token = _env.StsTokens.Create(_env.StsTokens.StsClaims(), key: unknown);

        await OidcTestEnvironment.AttestAsync(attestor, token);
        _env.Time.Advance(TimeSpan.FromSeconds(5));
        await OidcTestEnvironment.AttestAsync(attestor, token);

        Assert.Equal(3, _env.Sts.JwksFetchCount);
    }

    [Fact]
    public async Task AttestAsync_MetadataUnreachable_Unavailable()
    {
        _env.Sts.Unavailable = true;

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), _env.StsTokens.Create(_env.StsTokens.StsClaims()));

        Assert.Equal(AttestationFailureKind.Unavailable, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_MetadataUnreachable_BacksOffUntilRefreshInterval()
    {
        _env.Sts.Unavailable = true;
        var attestor = _env.CreateAttestor();

        await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims()));
        var fetchesAfterFirstFailure = _env.Sts.DiscoveryFetchCount;
        for (var i = 0; i < 5; i++)
        {
            var failed = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims()));
            Assert.Equal(AttestationFailureKind.Unavailable, failed.FailureKind);
        }

        Assert.Equal(fetchesAfterFirstFailure, _env.Sts.DiscoveryFetchCount);
        _env.Sts.Unavailable = false;
        _env.Time.Advance(TimeSpan.FromSeconds(30));
        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims()));

        Assert.True(result.Succeeded, result.Detail);
    }

    [Fact]
    public async Task AttestAsync_OutageAfterFirstFetch_KeepsUsingLastKnownKeys()
    {
        var attestor = _env.CreateAttestor();
        Assert.True((await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims()))).Succeeded);
        _env.Sts.Unavailable = true;
        _env.Time.Advance(TimeSpan.FromHours(2));

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims()));

        Assert.True(result.Succeeded, result.Detail);
    }

    [Fact]
    public async Task AttestAsync_UnknownKidDuringOutage_Unavailable()
    {
        var attestor = _env.CreateAttestor();
        await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims()));
        _env.Sts.Unavailable = true;
        using var rotated = OidcTestKey.CreateRsa("sts-2");

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims(), key: rotated));

        Assert.Equal(AttestationFailureKind.Unavailable, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_DiscoveryNamesDifferentIssuer_Unavailable()
    {
        _env.Sts.DiscoveryIssuerOverride = OidcTestEnvironment.GenericIssuer;

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), _env.StsTokens.Create(_env.StsTokens.StsClaims()));

        Assert.Equal(AttestationFailureKind.Unavailable, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_CustomMetadataAddress_IsUsed()
    {
        var attestor = _env.CreateAttestor(o => o.Issuers[0].MetadataAddress = _env.Sts.DiscoveryAddress);

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims()));

        Assert.True(result.Succeeded, result.Detail);
        Assert.Contains(_env.Handler.Requests, u => u.AbsoluteUri == _env.Sts.DiscoveryAddress);
    }
}
