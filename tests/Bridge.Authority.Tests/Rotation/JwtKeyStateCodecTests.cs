using System.Text;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Rotation;
using Bridge.Authority.Rotation.Engine;

namespace Bridge.Authority.Tests.Rotation;

public sealed class JwtKeyStateCodecTests
{
    private static readonly DateTimeOffset At = new(2030, 1, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Encode_ThenDecode_RoundTripsAndUsesVersionedCamelCaseJson()
    {
        var state = JwtKeyState.Empty with
        {
            Slots = [new JwtKeySlot { SlotId = "jwt-a", Status = SlotStatus.Pending, KeyType = KeyType.EcP384, ClaimedAt = At, Attempt = 2 }],
        };

        var bytes = JwtKeyStateCodec.Encode(state);
        var decoded = JwtKeyStateCodec.Decode(bytes);

        var json = Encoding.UTF8.GetString(bytes);
        Assert.Contains("\"format\":1", json, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"Pending\"", json, StringComparison.Ordinal);
        Assert.Contains("\"keyType\":\"EcP384\"", json, StringComparison.Ordinal);
        Assert.Equal(state.Slots[0], decoded.Slots[0]);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"format\":2,\"slots\":[]}")]
    [InlineData("{\"slots\":[]}")]
    [InlineData("{\"format\":1,\"slots\":[{\"slotId\":\"../x\",\"status\":\"Pending\",\"keyType\":\"EcP256\",\"claimedAt\":\"2030-01-01T00:00:00Z\"}]}")]
    [InlineData("{\"format\":1,\"slots\":[{\"slotId\":\"a\",\"status\":\"Active\",\"keyType\":\"EcP256\",\"activatedAt\":\"2030-01-01T00:00:00Z\"}]}")]
    [InlineData("{\"format\":1,\"slots\":[{\"slotId\":\"a\",\"status\":\"Pending\",\"keyType\":\"EcP256\",\"claimedAt\":\"2030-01-01T00:00:00Z\"},{\"slotId\":\"a\",\"status\":\"Pending\",\"keyType\":\"EcP256\",\"claimedAt\":\"2030-01-01T00:00:00Z\"}]}")]
    [InlineData("{\"format\":1,\"slots\":[{\"slotId\":\"a\",\"status\":\"Pending\",\"keyType\":\"EcP256\",\"claimedAt\":\"2030-01-01T00:00:00Z\"},{\"slotId\":\"b\",\"status\":\"Pending\",\"keyType\":\"EcP256\",\"claimedAt\":\"2030-01-01T00:00:00Z\"}]}")]
    public void Decode_MalformedUnknownOrInconsistent_ThrowsInvalidData(string json)
    {
        Assert.Throws<InvalidDataException>(() => JwtKeyStateCodec.Decode(Encoding.UTF8.GetBytes(json)));
    }
}
