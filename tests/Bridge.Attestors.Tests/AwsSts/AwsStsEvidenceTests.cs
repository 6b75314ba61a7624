using System.Text;
using Bridge.Attestors.AwsSts;

namespace Bridge.Attestors.Tests.AwsSts;

public sealed class AwsStsEvidenceTests
{
    [Fact]
    public void TryRead_TokenMember_ReturnsTheToken()
    {
        Assert.True(AwsStsEvidence.TryRead("{\"token\":\"a.b.c\"}"u8, out var token, out var problem), problem);
        Assert.Equal("a.b.c", token);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"a.b.c\"")]
    [InlineData("{}")]
    [InlineData("{\"token\":\"\"}")]
    [InlineData("{\"token\":1}")]
    [InlineData("{\"token\":\"a.b.c\",\"token\":\"d.e.f\"}")]
    [InlineData("{\"token\":\"a.b.c\",\"role\":\"admin\"}")]
    [InlineData("{\"token\":\"a.b.c\"}{}")]
    [InlineData("{\"token\":\"a.b.c\"")]
    [InlineData("{\"token\":\"a.b.c\" /* */}")]
    public void TryRead_AnythingElse_Refused(string payload) =>
        Assert.False(AwsStsEvidence.TryRead(Encoding.UTF8.GetBytes(payload), out _, out _));

    [Fact]
    public void TryRead_Oversized_Refused()
    {
        var payload = Encoding.UTF8.GetBytes("{\"token\":\"" + new string('a', AwsStsEvidence.MaxPayloadBytes) + "\"}");

        Assert.False(AwsStsEvidence.TryRead(payload, out _, out var problem));
        Assert.Contains("larger", problem, StringComparison.Ordinal);
    }
}
