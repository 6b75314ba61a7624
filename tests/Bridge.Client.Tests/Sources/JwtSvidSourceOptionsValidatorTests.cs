using Bridge.Client.Sources;

namespace Bridge.Client.Tests.Sources;

public sealed class JwtSvidSourceOptionsValidatorTests
{
    [Fact]
    public void Validate_OneAudience_Succeeds()
    {
        var options = new JwtSvidSourceOptions { SpiffeId = "spiffe://example.org/a", Ttl = TimeSpan.FromSeconds(1) };
        options.Audiences.Add("sts.amazonaws.com");

        Assert.True(new JwtSvidSourceOptionsValidator().Validate("sts.amazonaws.com", options).Succeeded);
    }

    [Fact]
    public void Validate_NoAudience_Fails()
    {
        var result = new JwtSvidSourceOptionsValidator().Validate("x", new JwtSvidSourceOptions());

        Assert.Equal(["JwtSvidSource 'x': between 1 and 16 audiences are required."], result.Failures);
    }

    [Fact]
    public void Validate_SeventeenAudiences_Fails()
    {
        var options = new JwtSvidSourceOptions();
        foreach (var i in Enumerable.Range(0, 17))
        {
            options.Audiences.Add("a" + i);
        }

        Assert.True(new JwtSvidSourceOptionsValidator().Validate(null, options).Failed);
    }

    [Theory]
    [InlineData("spiffe://example.org/a", 0.5, 1)]
    [InlineData("https://example.org/a", 1, 1)]
    [InlineData("https://example.org/a", 0, 2)]
    public void Validate_BadSpiffeIdOrTtl_ReportsEach(string spiffeId, double ttlSeconds, int expectedErrors)
    {
        var options = new JwtSvidSourceOptions { SpiffeId = spiffeId, Ttl = TimeSpan.FromSeconds(ttlSeconds) };
        options.Audiences.Add("a");

        Assert.Equal(expectedErrors, new JwtSvidSourceOptionsValidator().Validate(null, options).Failures!.Count());
    }
}
