using static Bridge.Spiffe.Tests.Svid.Jwt.JwtFixture;

namespace Bridge.Spiffe.Tests.Svid.Jwt;

/// <summary>Damaged tokens are values, never exceptions (deterministic, exhaustive over small edits).</summary>
public sealed class JwtSvidValidatorRobustnessTests
{
    [Fact]
    public void Validate_EveryTruncation_FailsWithoutThrowing()
    {
        var token = Token();
        for (var length = 0; length < token.Length; length++)
        {
            var result = Validate(token[..length]);
            Assert.False(result.IsValid, $"truncated to {length}");
            Assert.NotNull(result.Error);
        }
    }

    [Fact]
    public void Validate_EverySingleCharacterEdit_FailsWithoutThrowing()
    {
        var token = Token();
        foreach (var replacement in new[] { 'A', '_', '.', '=', '+', '\0' })
        {
            for (var i = 0; i < token.Length; i++)
            {
                if (token[i] == replacement)
                {
                    continue;
                }

                var edited = string.Concat(token.AsSpan(0, i), [replacement], token.AsSpan(i + 1));
                var result = Validate(edited);
                Assert.False(result.IsValid, $"'{replacement}' at {i}");
            }
        }
    }
}
