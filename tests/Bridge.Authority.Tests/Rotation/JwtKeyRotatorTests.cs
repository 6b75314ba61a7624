using Bridge.Abstractions;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Rotation;
using Bridge.Authority.Rotation.Engine;
using static Bridge.Authority.Tests.Rotation.RotationTestKit;

namespace Bridge.Authority.Tests.Rotation;

public sealed class JwtKeyRotatorTests
{
    private static readonly TimeSpan HalfLife = TimeSpan.FromHours(12);
    private static readonly TimeSpan FiveSixths = TimeSpan.FromHours(20);

    // Hint 5 min + refresh 30 s + stale tolerance 90 s.
    private static readonly TimeSpan PublishWait = TimeSpan.FromMinutes(7);

    // Max TTL 1 h + refresh 30 s + stale tolerance 90 s + skew 5 min.
    private static readonly TimeSpan RetiredWindow = TimeSpan.FromMinutes(67);

    [Fact]
    public async Task RotateAsync_EmptyStore_CreatesOneActiveKey()
    {
        var kit = new RotationTestKit();

        var report = await kit.NewRotator().RotateAsync(Ct);

        var step = Assert.Single(report.Steps);
        Assert.Equal(RotationStepKind.Created, step.Kind);
        var slot = Assert.Single((await kit.StateAsync()).Slots);
        Assert.Equal(SlotStatus.Active, slot.Status);
        Assert.Matches("^jwt-20300102000000-[0-9a-f]{8}$", slot.SlotId);
        var key = Assert.Single(await kit.Keys.GetKeysAsync(Ct));
        Assert.Equal(slot.SlotId, key.Id);
        Assert.Equal(JwtKeyRotator.Thumbprint(KeyType.EcP256, key.SubjectPublicKeyInfo.ToArray()), slot.Kid);
    }

    [Fact]
    public async Task RotateAsync_Twice_SecondRunDoesNothing()
    {
        var kit = new RotationTestKit();
        var rotator = kit.NewRotator();
        await rotator.RotateAsync(Ct);

        var report = await rotator.RotateAsync(Ct);

        Assert.Empty(report.Steps);
        Assert.Equal(1, kit.Keys.Generated);
        Assert.Equal(Start + HalfLife, report.NextStepAt);
    }

    [Fact]
    public async Task RotateAsync_AtHalfLife_PreparesPublishedKeyThatDoesNotSignYet()
    {
        var kit = new RotationTestKit();
        var rotator = kit.NewRotator();
        await rotator.RotateAsync(Ct);
        kit.Clock.Advance(HalfLife - TimeSpan.FromSeconds(1));
        Assert.Empty((await rotator.RotateAsync(Ct)).Steps);

        kit.Clock.Advance(TimeSpan.FromSeconds(1));
        var report = await rotator.RotateAsync(Ct);

        Assert.Equal(RotationStepKind.Prepared, Assert.Single(report.Steps).Kind);
        var described = await rotator.DescribeAsync(Ct);
        Assert.Equal([SlotStatus.Active, SlotStatus.Prepared], described.Slots.Select(s => s.Status));
        Assert.All(described.Slots, s => Assert.True(s.Published));
        Assert.Equal(Start + FiveSixths, report.NextStepAt);
    }

    [Fact]
    public async Task RotateAsync_AtFiveSixths_ActivatesPreparedAndRetiresActive()
    {
        var kit = new RotationTestKit();
        var rotator = kit.NewRotator();
        await rotator.RotateAsync(Ct);
        kit.Clock.Advance(HalfLife);
        await rotator.RotateAsync(Ct);
        kit.Clock.Advance(FiveSixths - HalfLife - TimeSpan.FromSeconds(1));
        Assert.Empty((await rotator.RotateAsync(Ct)).Steps);

        kit.Clock.Advance(TimeSpan.FromSeconds(1));
        var report = await rotator.RotateAsync(Ct);

        Assert.Equal([RotationStepKind.Activated, RotationStepKind.Retired], report.Steps.Select(s => s.Kind));
        var state = await kit.StateAsync();
        Assert.Equal(SlotStatus.Retired, state.Slots[0].Status);
        Assert.Equal(Start + FiveSixths + RetiredWindow, state.Slots[0].PublishUntil);
        Assert.Equal(SlotStatus.Active, state.Slots[1].Status);
    }

    [Fact]
    public async Task RotateAsync_PreparedLate_WaitsForPublishWaitBeyondFiveSixths()
    {
        var kit = new RotationTestKit();
        var rotator = kit.NewRotator();
        await rotator.RotateAsync(Ct);
        // The schedule missed the half-life; the key is prepared only two minutes before 5/6.
        kit.Clock.Advance(FiveSixths - TimeSpan.FromMinutes(2));
        await rotator.RotateAsync(Ct);
        var preparedAt = kit.Clock.GetUtcNow();

        kit.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty((await rotator.RotateAsync(Ct)).Steps);
        kit.Clock.SetUtcNow(preparedAt + PublishWait - TimeSpan.FromSeconds(1));
        Assert.Empty((await rotator.RotateAsync(Ct)).Steps);

        kit.Clock.SetUtcNow(preparedAt + PublishWait);
        Assert.Contains(RotationStepKind.Activated, (await rotator.RotateAsync(Ct)).Steps.Select(s => s.Kind));
    }

    [Fact]
    public async Task RotateAsync_RetiredWindowOver_PrunesSlotThenDeletesKey()
    {
        var kit = new RotationTestKit();
        var rotator = kit.NewRotator();
        await rotator.RotateAsync(Ct);
        var first = Assert.Single((await kit.StateAsync()).Slots).SlotId;
        kit.Clock.Advance(HalfLife);
        await rotator.RotateAsync(Ct);
        kit.Clock.Advance(FiveSixths - HalfLife);
        await rotator.RotateAsync(Ct);
        kit.Clock.Advance(RetiredWindow - TimeSpan.FromSeconds(1));
        Assert.Empty((await rotator.RotateAsync(Ct)).Steps);
        Assert.Equal(2, (await rotator.DescribeAsync(Ct)).Slots.Count(s => s.Published));

        kit.Clock.Advance(TimeSpan.FromSeconds(1));
        var report = await rotator.RotateAsync(Ct);

        Assert.Equal(new RotationStep(RotationStepKind.Pruned, first, report.Steps[0].KeyId), Assert.Single(report.Steps));
        Assert.DoesNotContain((await kit.StateAsync()).Slots, s => s.SlotId == first);
        Assert.Null(await kit.Keys.GetKeyAsync(first, Ct));
        Assert.Single(await kit.Keys.GetKeysAsync(Ct));
    }

    [Fact]
    public async Task RotateAsync_DeletionFails_PrunesAnywayAndDoesNotThrow()
    {
        var kit = new RotationTestKit();
        var rotator = kit.NewRotator();
        await rotator.RotateAsync(Ct);
        kit.Clock.Advance(HalfLife);
        await rotator.RotateAsync(Ct);
        kit.Clock.Advance(FiveSixths - HalfLife);
        await rotator.RotateAsync(Ct);
        kit.Clock.Advance(RetiredWindow);
        kit.Keys.FailDeletion = true;

        var report = await rotator.RotateAsync(Ct);

        Assert.Equal(RotationStepKind.Pruned, Assert.Single(report.Steps).Kind);
        Assert.Single((await kit.StateAsync()).Slots);
    }

    [Fact]
    public async Task RotateAsync_LegacyFixedIdKey_IsAdoptedAsActiveAndLaterRotatedOut()
    {
        var kit = new RotationTestKit();
        var legacy = await kit.Keys.GenerateKeyAsync(JwtSvidIssuer.SigningKeyId, KeyType.EcP256, Ct);
        var rotator = kit.NewRotator();

        var report = await rotator.RotateAsync(Ct);

        Assert.Equal(RotationStepKind.Adopted, Assert.Single(report.Steps).Kind);
        var slot = Assert.Single((await kit.StateAsync()).Slots);
        Assert.Equal((JwtSvidIssuer.SigningKeyId, SlotStatus.Active), (slot.SlotId, slot.Status));
        Assert.Equal(legacy.SubjectPublicKeyInfo.ToArray(), slot.SubjectPublicKeyInfo);
        Assert.Equal(1, kit.Keys.Generated);

        kit.Clock.Advance(FiveSixths);
        await rotator.RotateAsync(Ct);
        kit.Clock.Advance(PublishWait);
        await rotator.RotateAsync(Ct);
        kit.Clock.Advance(RetiredWindow);
        await rotator.RotateAsync(Ct);
        Assert.Null(await kit.Keys.GetKeyAsync(JwtSvidIssuer.SigningKeyId, Ct));
    }

    [Fact]
    public async Task RotateAsync_ActiveKeyOfOtherType_PreparesConfiguredTypeAtOnceAndActivatesAfterPublishWait()
    {
        var kit = new RotationTestKit();
        await kit.NewRotator().RotateAsync(Ct);
        kit.Authority.JwtKeyType = KeyType.EcP384;
        var rotator = kit.NewRotator();

        Assert.Equal(RotationStepKind.Prepared, Assert.Single((await rotator.RotateAsync(Ct)).Steps).Kind);
        kit.Clock.Advance(PublishWait);
        await rotator.RotateAsync(Ct);

        Assert.Equal(KeyType.EcP384, (await kit.StateAsync()).Active!.KeyType);
    }

    [Fact]
    public async Task RotateAsync_PreparingWouldExceedBound_DefersAndKeepsEveryPublishedKey()
    {
        var kit = new RotationTestKit();
        var now = kit.Clock.GetUtcNow();
        var slots = new List<JwtKeySlot>();
        for (var i = 0; i < 3; i++)
        {
            slots.Add(await kit.NewSlotAsync($"jwt-retired-{i}", SlotStatus.Retired, now));
        }

        slots.Add(await kit.NewSlotAsync("jwt-active", SlotStatus.Active, now - HalfLife));
        await kit.WriteStateAsync(JwtKeyState.Empty with { Slots = slots });
        var rotator = kit.NewRotator();

        var report = await rotator.RotateAsync(Ct);

        Assert.Equal(RotationStepKind.PrepareDeferred, Assert.Single(report.Steps).Kind);
        Assert.Equal(4, (await kit.StateAsync()).Slots.Count);
        Assert.Equal(slots[0].PublishUntil, report.NextStepAt);

        kit.Clock.SetUtcNow(slots[0].PublishUntil!.Value);
        var later = await rotator.RotateAsync(Ct);
        Assert.Equal([RotationStepKind.Pruned, RotationStepKind.Pruned, RotationStepKind.Pruned, RotationStepKind.Prepared], later.Steps.Select(s => s.Kind));
    }

    [Fact]
    public async Task RotateAsync_SmallerBound_IsRespected()
    {
        var kit = new RotationTestKit();
        kit.Rotation.MaxPublishedKeys = 2;
        await kit.NewRotator().RotateAsync(Ct);
        kit.Clock.Advance(HalfLife);
        await kit.NewRotator().RotateAsync(Ct);
        kit.Clock.Advance(FiveSixths - HalfLife);
        await kit.NewRotator().RotateAsync(Ct);
        // Active + retired are published; a type change wants a new key at once.
        kit.Authority.JwtKeyType = KeyType.EcP384;

        var report = await kit.NewRotator().RotateAsync(Ct);

        Assert.Equal(RotationStepKind.PrepareDeferred, Assert.Single(report.Steps).Kind);
        Assert.Equal(2, (await kit.NewRotator().DescribeAsync(Ct)).Slots.Count(s => s.Published));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(20)]
    public async Task RotateAsync_ConcurrentRotatorsAtHalfLife_PrepareExactlyOneKey(int rotators)
    {
        var kit = new RotationTestKit();
        await kit.NewRotator().RotateAsync(Ct);
        kit.Clock.Advance(HalfLife);

        var reports = await Task.WhenAll(Enumerable.Range(0, rotators).Select(_ => Task.Run(() => kit.NewRotator().RotateAsync(Ct), Ct)));

        Assert.Single(reports.SelectMany(r => r.Steps), s => s.Kind == RotationStepKind.Prepared);
        var state = await kit.StateAsync();
        Assert.Equal(2, state.Slots.Count);
        Assert.Equal(2, kit.Keys.Generated);
        Assert.Equal(state.Slots.Select(s => s.SlotId).Order(), (await kit.Keys.GetKeysAsync(Ct)).Select(k => k.Id).Order());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(20)]
    public async Task RotateAsync_ConcurrentRotatorsOnEmptyStore_CreateExactlyOneKey(int rotators)
    {
        var kit = new RotationTestKit();

        var reports = await Task.WhenAll(Enumerable.Range(0, rotators).Select(_ => Task.Run(() => kit.NewRotator().RotateAsync(Ct), Ct)));

        Assert.Single(reports.SelectMany(r => r.Steps), s => s.Kind == RotationStepKind.Created);
        Assert.Equal(1, kit.Keys.Generated);
        Assert.Single(await kit.Keys.GetKeysAsync(Ct));
    }

    [Fact]
    public async Task RotateAsync_GenerationFails_ReleasesClaimAndLeavesNoKey()
    {
        var kit = new RotationTestKit();
        await kit.NewRotator().RotateAsync(Ct);
        kit.Clock.Advance(HalfLife);
        kit.Keys.FailGeneration = true;

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => kit.NewRotator().RotateAsync(Ct));

        Assert.Single((await kit.StateAsync()).Slots);
        Assert.Single(await kit.Keys.GetKeysAsync(Ct));
        kit.Keys.FailGeneration = false;
        Assert.Equal(RotationStepKind.Prepared, Assert.Single((await kit.NewRotator().RotateAsync(Ct)).Steps).Kind);
    }

    [Fact]
    public async Task RotateAsync_PendingClaimOfCrashedInstance_TakenOverOnlyAfterTimeout()
    {
        var kit = new RotationTestKit();
        await kit.NewRotator().RotateAsync(Ct);
        kit.Clock.Advance(HalfLife);
        var state = await kit.StateAsync();
        var pending = new JwtKeySlot
        {
            SlotId = "jwt-crashed", Status = SlotStatus.Pending, KeyType = KeyType.EcP256, ClaimedAt = kit.Clock.GetUtcNow(), Attempt = 1,
        };
        await kit.WriteStateAsync(state with { Slots = [.. state.Slots, pending] });
        var rotator = kit.NewRotator();

        kit.Clock.Advance(kit.Rotation.PendingTimeout - TimeSpan.FromSeconds(1));
        Assert.Empty((await rotator.RotateAsync(Ct)).Steps);
        kit.Clock.Advance(TimeSpan.FromSeconds(1));
        var report = await rotator.RotateAsync(Ct);

        Assert.Equal([RotationStepKind.TakenOver, RotationStepKind.Prepared], report.Steps.Select(s => s.Kind));
        var slot = (await kit.StateAsync()).FindSlot("jwt-crashed")!;
        Assert.Equal((SlotStatus.Prepared, 2), (slot.Status, slot.Attempt));
        Assert.Equal((await kit.Keys.GetKeyAsync("jwt-crashed", Ct))!.SubjectPublicKeyInfo.ToArray(), slot.SubjectPublicKeyInfo);
    }

    [Fact]
    public async Task RotateAsync_OriginalGeneratorLandsAfterTakeover_ItsKeyNeverSigns()
    {
        var kit = new RotationTestKit();
        await kit.NewRotator().RotateAsync(Ct);
        kit.Clock.Advance(HalfLife);
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        kit.Keys.HoldNextGeneration = hold;
        var slow = kit.NewRotator().RotateAsync(Ct);
        await kit.Keys.GenerationHeld.Task.WaitAsync(Ct);

        kit.Clock.Advance(kit.Rotation.PendingTimeout);
        await kit.NewRotator().RotateAsync(Ct);
        hold.SetResult();
        var slowReport = await slow;

        // The slow instance lost its claim, but its late key replaced the published one in the key manager.
        Assert.DoesNotContain(slowReport.Steps, s => s.Kind == RotationStepKind.Prepared);
        kit.Clock.SetUtcNow(Start + FiveSixths);
        var report = await kit.NewRotator().RotateAsync(Ct);
        Assert.DoesNotContain(report.Steps, s => s.Kind == RotationStepKind.Activated);
        var next = (await kit.StateAsync()).Next!;
        Assert.Equal(SlotStatus.Prepared, next.Status);
        Assert.Equal((await kit.Keys.GetKeyAsync(next.SlotId, Ct))!.SubjectPublicKeyInfo.ToArray(), next.SubjectPublicKeyInfo);

        kit.Clock.Advance(PublishWait);
        Assert.Contains(RotationStepKind.Activated, (await kit.NewRotator().RotateAsync(Ct)).Steps.Select(s => s.Kind));
    }

    [Fact]
    public async Task RotateAsync_DocumentOfNewerFormat_ThrowsAndDoesNotOverwrite()
    {
        var kit = new RotationTestKit();
        await kit.WriteStateAsync(JwtKeyState.Empty with { Format = 2 });

        await Assert.ThrowsAsync<InvalidDataException>(() => kit.NewRotator().RotateAsync(Ct));

        Assert.Equal(1, (await kit.Store.GetAsync(JwtKeyRotator.DocumentName, Ct))!.Revision);
        Assert.Equal(0, kit.Keys.Generated);
    }
}
