namespace Bridge.Authority.Tests;

public sealed class AuthorityOptionsValidatorTests
{
    private static AuthorityOptions Valid(Action<AuthorityOptions> change)
    {
        var options = new AuthorityOptions { TrustDomain = "example.org", Issuer = "https://bridge.example.org" };
        change(options);
        return options;
    }

    [Theory]
    [InlineData("https://bridge.example.org")]
    [InlineData("https://bridge.example.org/tenant-a")]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    public void Validate_AcceptableIssuer_Succeeds(string issuer) =>
        Assert.True(new AuthorityOptionsValidator().Validate(null, Valid(o => o.Issuer = issuer)).Succeeded);

    [Theory]
    [InlineData("fail/http-not-loopback", "http://bridge.example.org")]
    [InlineData("fail/query", "https://bridge.example.org/?a=b")]
    [InlineData("fail/fragment", "https://bridge.example.org/#x")]
    [InlineData("fail/userinfo", "https://user@bridge.example.org")]
    [InlineData("fail/relative", "/bridge")]
    [InlineData("fail/empty", "")]
    [InlineData("fail/other-scheme", "ftp://bridge.example.org")]
    public void Validate_UnacceptableIssuer_Fails(string name, string issuer)
    {
        var result = new AuthorityOptionsValidator().Validate(null, Valid(o => o.Issuer = issuer));
        Assert.False(result.Succeeded, name);
        Assert.Contains(result.Failures!, f => f.StartsWith("Bridge:Authority:Issuer", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Example.org")]
    [InlineData("spiffe://example.org")]
    [InlineData("")]
    [InlineData("exa mple.org")]
    public void Validate_BadTrustDomain_Fails(string trustDomain) =>
        Assert.False(new AuthorityOptionsValidator().Validate(null, Valid(o => o.TrustDomain = trustDomain)).Succeeded);

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOne()
    {
        var result = new AuthorityOptionsValidator().Validate(null, new AuthorityOptions
        {
            TrustDomain = "Bad Domain",
            Issuer = "http://public.example.org",
            DefaultJwtSvidTtl = TimeSpan.FromHours(2),
            MaxJwtSvidTtl = TimeSpan.FromHours(1),
            CaTtl = TimeSpan.FromHours(3),
            BundleRefreshHint = TimeSpan.Zero,
        });

        Assert.False(result.Succeeded);
        var failures = string.Join("\n", result.Failures!);
        foreach (var field in new[] { "TrustDomain", "Issuer", "DefaultJwtSvidTtl", "DefaultX509SvidTtl", "BundleRefreshHint" })
        {
            Assert.Contains("Bridge:Authority:" + field, failures, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_X509TtlAboveASixthOfTheCa_Fails()
    {
        var result = new AuthorityOptionsValidator().Validate(null, Valid(o => o.DefaultX509SvidTtl = TimeSpan.FromHours(5)));
        Assert.Contains(result.Failures!, f => f.Contains("CaTtl / 6", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RotationStateTimings_ReportsEveryError()
    {
        var result = new AuthorityOptionsValidator().Validate(null, Valid(o =>
        {
            o.StateRefreshInterval = TimeSpan.FromMinutes(10);
            o.StateMaxStaleness = TimeSpan.FromMinutes(5);
            o.CaPendingTimeout = TimeSpan.Zero;
        }));

        Assert.Equal(
            ["Bridge:Authority:CaPendingTimeout", "Bridge:Authority:StateMaxStaleness"],
            result.Failures!.Select(f => f[..f.IndexOf(':', "Bridge:Authority:".Length)]).Order());
    }
}
