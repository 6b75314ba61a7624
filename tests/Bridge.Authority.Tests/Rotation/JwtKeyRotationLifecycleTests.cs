using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Rotation;
using Bridge.Authority.Tests.Issuance.Jwt;
using static Bridge.Authority.Tests.Rotation.RotationTestKit;

namespace Bridge.Authority.Tests.Rotation;

/// <summary>
/// Three days of two instances signing every minute, a scheduled rotation every ten minutes and lazy rotation in
/// between, judged by what a relying party can see: the JWKS each instance serves.
/// </summary>
public sealed class JwtKeyRotationLifecycleTests
{
    private static readonly IReadOnlyList<string> Audience = ["sts.amazonaws.com"];

    [Fact]
    public async Task ThreeDays_EveryTokenKeyPublishedByAllInstancesAHintBeforeUse_AndUntilTokenExpires()
    {
        var kit = new RotationTestKit();
        var a = await kit.NewInstanceAsync();
        var b = await kit.NewInstanceAsync();
        var scheduled = kit.NewRotator();
        var firstSeen = new Dictionary<string, DateTimeOffset>[] { new(StringComparer.Ordinal), new(StringComparer.Ordinal) };
        var live = new List<JwtSvidIssuance>();
        var kidsUsed = new HashSet<string>(StringComparer.Ordinal);
        // The first key signs at once: no relying party can hold a token of, or need, a key that never existed.
        var firstKey = Assert.Single(await a.Issuer.GetPublishedKeysAsync(Ct)).KeyId;

        for (var minute = 0; minute < 3 * 24 * 60; minute++)
        {
            var now = kit.Clock.GetUtcNow();
            if (minute % 10 == 0)
            {
                await scheduled.RotateAsync(Ct);
            }

            var published = new[] { await a.Issuer.GetPublishedKeysAsync(Ct), await b.Issuer.GetPublishedKeysAsync(Ct) };
            for (var i = 0; i < 2; i++)
            {
                Assert.InRange(published[i].Count, 1, kit.Rotation.MaxPublishedKeys);
                foreach (var key in published[i])
                {
                    firstSeen[i].TryAdd(key.KeyId, now);
                }
            }

            live.RemoveAll(t => t.ExpiresAt <= now);
            foreach (var token in live)
            {
                // A live token's key is served by every instance until the token expires.
                Assert.All(published, set => Assert.Contains(set, k => k.KeyId == token.KeyId));
            }

            foreach (var issuer in new[] { a.Issuer, b.Issuer })
            {
                var issued = await issuer.IssueAsync(JwtTestSupport.Subject, Audience, TimeSpan.FromHours(1), Ct);
                // Publish before use: every instance served the key at least one refresh hint before it signed.
                if (issued.KeyId != firstKey)
                {
                    foreach (var seen in firstSeen)
                    {
                        Assert.True(seen.TryGetValue(issued.KeyId, out var at), $"kid {issued.KeyId} signed at {now:O} but never served");
                        Assert.True(at + kit.Authority.BundleRefreshHint <= now, $"kid {issued.KeyId} signed at {now:O} but first served at {at:O}");
                    }
                }

                live.Add(issued);
                kidsUsed.Add(issued.KeyId);
            }

            Assert.InRange((await kit.Keys.GetKeysAsync(Ct)).Count, 1, kit.Rotation.MaxPublishedKeys);
            kit.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        await a.Ring.WhenIdleAsync(Ct);
        await b.Ring.WhenIdleAsync(Ct);
        Assert.InRange(kidsUsed.Count, 3, 5);
        // No orphans: the key manager holds exactly the keys the document names.
        var state = await kit.StateAsync();
        Assert.Equal(state.Slots.Select(s => s.SlotId).Order(), (await kit.Keys.GetKeysAsync(Ct)).Select(k => k.Id).Order());
    }

    [Fact]
    public async Task TokenSignedJustBeforeRetirement_ValidatesAgainstPublishedKeysUntilItExpires()
    {
        var kit = new RotationTestKit();
        var (issuer, _) = await kit.NewInstanceAsync();
        var rotator = kit.NewRotator();
        kit.Clock.Advance(TimeSpan.FromHours(12));
        await rotator.RotateAsync(Ct);
        kit.Clock.Advance(TimeSpan.FromHours(8) - TimeSpan.FromSeconds(1));
        var token = await issuer.IssueAsync(JwtTestSupport.Subject, Audience, TimeSpan.FromHours(1), Ct);
        kit.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains(RotationStepKind.Retired, (await rotator.RotateAsync(Ct)).Steps.Select(s => s.Kind));

        kit.Clock.SetUtcNow(token.ExpiresAt - TimeSpan.FromSeconds(1));
        await rotator.RotateAsync(Ct);
        var key = Assert.Single(await issuer.GetPublishedKeysAsync(Ct), k => k.KeyId == token.KeyId);
        var result = await JwtTestSupport.ValidateAsync(
            token.Token, JwtTestSupport.ToJsonWebKey(key), key.Algorithm, Audience[0], kit.Clock);

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.NotEqual(token.KeyId, (await issuer.IssueAsync(JwtTestSupport.Subject, Audience, TimeSpan.FromMinutes(5), Ct)).KeyId);
    }
}
