using System.Text.Json;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.Upstream;
using Bridge.Authority.Ca;
using Bridge.Authority.Ca.Rotation;
using Bridge.Authority.Rotation.Engine;

namespace Bridge.Authority.Tests.Ca.Rotation;

public sealed class X509CaRotatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RotateAsync_EmptyStore_MintsAndActivatesTheFirstCa()
    {
        var fixture = new RotationFixture();

        var result = await fixture.NewRotator().RotateAsync(Ct);

        var slot = Assert.Single((await fixture.DocumentAsync()).Slots);
        Assert.Equal(SlotStatus.Active, slot.Status);
        Assert.Equal(slot.SlotId, result.MintedSlotId);
        Assert.Equal(slot.SlotId, result.ActivatedSlotId);
        Assert.Equal([slot.SlotId], await fixture.CaKeyIdsAsync());
    }

    [Fact]
    public async Task RotateAsync_NothingDue_ChangesNothing()
    {
        var fixture = new RotationFixture();
        var rotator = fixture.NewRotator();
        var first = await rotator.RotateAsync(Ct);
        fixture.Time.Advance(TimeSpan.FromHours(11));

        var second = await rotator.RotateAsync(Ct);

        Assert.False(second.Changed);
        Assert.Equal(first.Revision, second.Revision);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(20)]
    public async Task RotateAsync_ConcurrentRotatorsOnAnEmptyStore_OneCaAndNoOrphanKey(int rotators)
    {
        var fixture = new RotationFixture();

        var results = await RunConcurrentlyAsync(fixture, rotators);

        var slot = Assert.Single((await fixture.DocumentAsync()).Slots);
        Assert.Equal(SlotStatus.Active, slot.Status);
        Assert.Equal([slot.SlotId], await fixture.CaKeyIdsAsync());
        Assert.Single(results, r => r.MintedSlotId is not null);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(20)]
    public async Task RotateAsync_ConcurrentRotatorsAtHalfLife_OnePreparedCaAndNoOrphanKey(int rotators)
    {
        var fixture = new RotationFixture();
        await fixture.NewRotator().RotateAsync(Ct);
        fixture.Time.Advance(TimeSpan.FromHours(12));

        var results = await RunConcurrentlyAsync(fixture, rotators);

        var document = await fixture.DocumentAsync();
        Assert.Equal([SlotStatus.Active, SlotStatus.Prepared], document.Slots.Select(s => s.Status));
        Assert.Equal(document.Slots.Select(s => s.SlotId).Order(), (await fixture.CaKeyIdsAsync()).Order());
        Assert.Single(results, r => r.MintedSlotId is not null);
    }

    [Fact]
    public async Task RotateAsync_WhileAnotherClaimIsFresh_LeavesItAlone()
    {
        var fixture = new RotationFixture();
        var gate = new TaskCompletionSource();
        fixture.Upstream = new RotationFixture.GatedUpstream(fixture.Upstream, gate.Task);
        var minting = fixture.NewRotator().RotateAsync(Ct);
        fixture.Time.Advance(TimeSpan.FromMinutes(9));

        var second = await fixture.NewRotator().RotateAsync(Ct);
        gate.SetResult();
        await minting;

        Assert.True(second.ClaimHeldElsewhere);
        Assert.False(second.Changed);
        Assert.Single(await fixture.CaKeyIdsAsync());
    }

    [Fact]
    public async Task RotateAsync_StalePendingOfADeadInstance_IsTakenOverAndItsKeyDeleted()
    {
        var fixture = new RotationFixture();
        const string deadClaim = "x509-ca-20260301114000-deadbeef";
        await fixture.KeyManager.GenerateKeyAsync(deadClaim, KeyType.EcP256, Ct);
        var document = CaSlotDocument.Empty.With(
            new CaSlot { SlotId = deadClaim, Status = SlotStatus.Pending, KeyType = KeyType.EcP256, ClaimedAt = CaFixture.Start.AddMinutes(-20) });
        await fixture.Store.TryWriteAsync(
            X509CaRotator.DocumentName, JsonSerializer.SerializeToUtf8Bytes(document, CaSlotJsonContext.Default.CaSlotDocument), 0, Ct);

        var result = await fixture.NewRotator().RotateAsync(Ct);

        Assert.Equal([deadClaim], result.DroppedSlotIds);
        var slot = Assert.Single((await fixture.DocumentAsync()).Slots);
        Assert.Equal(SlotStatus.Active, slot.Status);
        Assert.Equal([slot.SlotId], await fixture.CaKeyIdsAsync());
    }

    [Fact]
    public async Task RotateAsync_SlowClaimTakenOverMeanwhile_DeletesItsOwnKeyAndLeavesTheWinner()
    {
        var fixture = new RotationFixture();
        var inner = fixture.Upstream;
        var gate = new TaskCompletionSource();
        fixture.Upstream = new RotationFixture.GatedUpstream(inner, gate.Task);
        var slow = fixture.NewRotator().RotateAsync(Ct);
        fixture.Time.Advance(TimeSpan.FromMinutes(10));
        fixture.Upstream = inner;

        var takeover = await fixture.NewRotator().RotateAsync(Ct);
        gate.SetResult();
        var slowResult = await slow;

        Assert.Null(slowResult.MintedSlotId);
        var slot = Assert.Single((await fixture.DocumentAsync()).Slots);
        Assert.Equal(takeover.MintedSlotId, slot.SlotId);
        Assert.Equal(SlotStatus.Active, slot.Status);
        Assert.Equal([slot.SlotId], await fixture.CaKeyIdsAsync());
    }

    [Fact]
    public async Task RotateAsync_UpstreamFails_WithdrawsTheClaimAndDeletesTheKey()
    {
        var fixture = new RotationFixture(upstream: new FailingUpstream());

        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.NewRotator().RotateAsync(Ct));

        Assert.Empty((await fixture.DocumentAsync()).Slots);
        Assert.Empty(await fixture.CaKeyIdsAsync());
    }

    [Fact]
    public async Task RotateAsync_ActivationDueButPreparedTooRecently_WaitsForThePublicationDelay()
    {
        var fixture = new RotationFixture();
        var rotator = fixture.NewRotator();
        await rotator.RotateAsync(Ct);

        // The preparation runs late, inside the activation margin: the new CA must still be published first.
        fixture.Time.Advance(TimeSpan.FromHours(21));
        var prepared = await rotator.RotateAsync(Ct);
        fixture.Time.Advance(rotator.PublicationDelay - TimeSpan.FromSeconds(1));
        var tooEarly = await rotator.RotateAsync(Ct);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var activated = await rotator.RotateAsync(Ct);

        Assert.NotNull(prepared.MintedSlotId);
        Assert.Null(prepared.ActivatedSlotId);
        Assert.Null(tooEarly.ActivatedSlotId);
        Assert.Equal(prepared.MintedSlotId, activated.ActivatedSlotId);
    }

    [Fact]
    public async Task DescribeAsync_AfterPreparation_ShowsBothSlotsWithCertificateFacts()
    {
        var fixture = new RotationFixture();
        var rotator = fixture.NewRotator();
        await rotator.RotateAsync(Ct);
        fixture.Time.Advance(TimeSpan.FromHours(12));
        await rotator.RotateAsync(Ct);

        var description = await rotator.DescribeAsync(Ct);

        Assert.Equal([SlotStatus.Active, SlotStatus.Prepared], description.Slots.Select(s => s.Status));
        foreach (var slot in description.Slots)
        {
            Assert.Matches("^[0-9A-F]+$", slot.SerialNumber);
            Assert.Matches("^[0-9A-F]{40}$", slot.SubjectKeyId);
            Assert.Matches("^[0-9A-F]{64}$", Assert.Single(slot.UpstreamRootFingerprints));
            Assert.NotNull(slot.NotAfter);
        }

        Assert.Equal(CaFixture.Start.AddHours(36), description.Slots[1].NotAfter);
    }

    private static async Task<X509CaRotationResult[]> RunConcurrentlyAsync(RotationFixture fixture, int count)
    {
        var rotators = Enumerable.Range(0, count).Select(_ => fixture.NewRotator()).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = rotators.Select(async r =>
        {
            // Every rotator is released at once onto the thread pool, so they race on the same revision.
            await start.Task;
            return await r.RotateAsync(TestContext.Current.CancellationToken);
        }).ToArray();
        start.SetResult();
        return await Task.WhenAll(running);
    }

    private sealed class FailingUpstream : IUpstreamAuthority
    {
        public Task<UpstreamCaChain> MintX509CaAsync(ReadOnlyMemory<byte> csrDer, TimeSpan preferredTtl, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("upstream refused");
    }
}
