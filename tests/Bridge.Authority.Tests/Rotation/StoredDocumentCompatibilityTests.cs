using Bridge.Authority.Ca.Rotation;
using Bridge.Authority.Rotation;
using Bridge.Authority.Rotation.Engine;
using Bridge.Authority.Tests.Ca.Rotation;
using static Bridge.Authority.Tests.Rotation.RotationTestKit;

namespace Bridge.Authority.Tests.Rotation;

/// <summary>
/// The rotation engine keeps each policy's wire format: a <c>jwt-keys</c> and an <c>x509-ca</c> document as Bridge
/// stored them before the engine (one active and one prepared slot each) still load, and are written back byte for
/// byte, so instances of either version can share one state store during an upgrade.
/// </summary>
public sealed class StoredDocumentCompatibilityTests
{
    [Fact]
    public async Task JwtKeys_DocumentStoredBeforeTheEngine_LoadsAndIsWrittenBackUnchanged()
    {
        var stored = Document("jwt-keys.json");
        var kit = new RotationTestKit();
        Assert.NotNull(await kit.Store.TryWriteAsync(JwtKeyRotator.DocumentName, stored, 0, Ct));

        var described = await kit.NewRotator().DescribeAsync(Ct);

        Assert.Equal(1, described.Revision);
        Assert.Equal([SlotStatus.Active, SlotStatus.Prepared], described.Slots.Select(s => s.Status));
        Assert.Equal(
            ["vdM_ME4rRzozkOw9bsybiD8YAwu1DzipuRZ9n1gorLM", "f6UQl1vw9M2JxEQvy0mPC3mNCfZ7qB37AfEknQX4jsw"],
            described.Slots.Select(s => s.KeyId));
        Assert.Equal(stored, JwtKeyStateCodec.Encode(JwtKeyStateCodec.Decode(stored)));
    }

    [Fact]
    public async Task X509Ca_DocumentStoredBeforeTheEngine_LoadsAndIsWrittenBackUnchanged()
    {
        var stored = Document("x509-ca.json");
        var fixture = new RotationFixture();
        Assert.NotNull(await fixture.Store.TryWriteAsync(X509CaRotator.DocumentName, stored, 0, Ct));

        var described = await fixture.NewRotator().DescribeAsync(Ct);

        Assert.Equal(1, described.Revision);
        Assert.Equal([SlotStatus.Active, SlotStatus.Prepared], described.Slots.Select(s => s.Status));
        Assert.All(described.Slots, s => Assert.NotNull(s.SerialNumber));
        Assert.Equal(stored, CaSlotDocumentCodec.Encode(CaSlotDocumentCodec.Decode(stored, X509CaRotator.DocumentName)));
    }

    private static byte[] Document(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Rotation", "Documents", name));
}
