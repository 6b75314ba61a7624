using Bridge.Authority.Bundles;
using Bridge.Authority.Ca;
using Bridge.Authority.Tests.Rotation;
using Bridge.Testing.Authority;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Tests.Bundles;

/// <summary>
/// The trust bundle is rebuilt only when its keys or CA change (building one imports every JWT key; agents ask on every
/// sync), and never served stale across a JWT key rotation.
/// </summary>
public sealed class TrustBundleProviderTests
{
    [Fact]
    public async Task GetBundle_AcrossRotations_ReusedWhileUnchangedAndAlwaysTheCurrentKeys()
    {
        var kit = new RotationTestKit();
        var (issuer, ring) = await kit.NewInstanceAsync();
        var options = Options.Create(kit.Authority);
        var ca = SingleProcessAuthority.CreateCertificateAuthority(options, kit.Keys,
            SingleProcessAuthority.CreateSelfSignedUpstream(Options.Create(new SelfSignedUpstreamOptions()), options, kit.Keys, kit.Clock), kit.Clock);
        await ca.InitializeAsync(RotationTestKit.Ct);
        var provider = new TrustBundleProvider(issuer, ca, options, kit.Clock);
        var rotator = kit.NewRotator();
        var previous = await provider.GetBundleAsync(RotationTestKit.Ct);
        int reused = 0, rebuilt = 0;

        // Three days of ten-minute steps with the scheduled rotation at each: keys are prepared, activated and retired.
        for (var step = 0; step < 3 * 24 * 6; step++)
        {
            await rotator.RotateAsync(RotationTestKit.Ct);
            kit.Clock.Advance(TimeSpan.FromMinutes(10));
            // A read of a stale view starts a background refresh: let it land so both reads below see one state.
            await issuer.GetPublishedKeysAsync(RotationTestKit.Ct);
            await ring.WhenIdleAsync(RotationTestKit.Ct);
            var published = (await issuer.GetPublishedKeysAsync(RotationTestKit.Ct)).Select(k => k.KeyId).Order(StringComparer.Ordinal).ToList();
            var bundle = await provider.GetBundleAsync(RotationTestKit.Ct);

            Assert.Equal(published, bundle.JwtAuthorities.Keys.Order(StringComparer.Ordinal));
            var previousKids = previous.JwtAuthorities.Keys.Order(StringComparer.Ordinal).ToList();
            if (previousKids.SequenceEqual(published) && previous.SequenceNumber == bundle.SequenceNumber)
            {
                Assert.Same(previous, bundle);
                reused++;
            }
            else
            {
                Assert.NotSame(previous, bundle);
                rebuilt++;
            }

            previous = bundle;
        }

        Assert.True(reused > 0 && rebuilt > 0, $"reused {reused}, rebuilt {rebuilt}");
    }
}
