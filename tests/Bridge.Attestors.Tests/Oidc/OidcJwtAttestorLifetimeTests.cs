using Bridge.Abstractions.Attestation;

namespace Bridge.Attestors.Tests.Oidc;

public sealed class OidcJwtAttestorLifetimeTests : IDisposable
{
    private readonly OidcTestEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    private long Now => _env.Time.GetUtcNow().ToUnixTimeSeconds();

    [Fact]
    public async Task AttestAsync_Expired_Expired()
    {
        var attestor = _env.CreateAttestor();
        var token = _env.StsTokens.Create(_env.StsTokens.StsClaims());
        _env.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(30));

        var result = await OidcTestEnvironment.AttestAsync(attestor, token);

        Assert.Equal(AttestationFailureKind.Expired, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_ExpiredWithinClockSkew_Succeeds()
    {
        var attestor = _env.CreateAttestor();
        var token = _env.StsTokens.Create(_env.StsTokens.StsClaims());
        _env.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(29));

        var result = await OidcTestEnvironment.AttestAsync(attestor, token);

        Assert.True(result.Succeeded, result.Detail);
    }

    [Fact]
    public async Task AttestAsync_NotBeforeInFuture_NotYetValid()
    {
        var claims = _env.StsTokens.StsClaims();
        claims["nbf"] = Now + 120;

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), _env.StsTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.NotYetValid, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_IssuedAtInFuture_NotYetValid()
    {
        var claims = _env.StsTokens.StsClaims();
        claims["iat"] = Now + 120;
        claims["exp"] = Now + 600;

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), _env.StsTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.NotYetValid, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_IssuedAtWithinClockSkew_Succeeds()
    {
        var claims = _env.StsTokens.StsClaims();
        claims["iat"] = Now + 20;

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), _env.StsTokens.Create(claims));

        Assert.True(result.Succeeded, result.Detail);
    }

    [Fact]
    public async Task AttestAsync_LifetimeLongerThanStsDefault_LifetimeTooLong()
    {
        var claims = _env.StsTokens.StsClaims();
        claims["exp"] = Now + 3601;

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), _env.StsTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.LifetimeTooLong, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_LifetimeLongerThanConfigured_LifetimeTooLong()
    {
        var attestor = _env.CreateAttestor(o => o.Issuers[1].MaxTokenLifetime = TimeSpan.FromMinutes(10));
        var claims = _env.EksTokens.EksClaims();
        claims["exp"] = Now + 601;

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.EksTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.LifetimeTooLong, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_EksLifetimeOver24Hours_LifetimeTooLong()
    {
        var claims = _env.EksTokens.EksClaims();
        claims["exp"] = Now + 86401;

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), _env.EksTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.LifetimeTooLong, result.FailureKind);
    }

    [Theory]
    [InlineData("exp")]
    [InlineData("iat")]
    public async Task AttestAsync_MissingTimeClaim_PolicyDenied(string claim)
    {
        var claims = _env.StsTokens.StsClaims();
        claims.Remove(claim);

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), _env.StsTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.PolicyDenied, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_UsesInjectedClockNotWallClock()
    {
        // The fake clock is set in 2026; a token valid at that instant must verify regardless of the machine clock,
        // and one minted for "now" on the fake clock must fail once the fake clock passes its exp.
        _env.Time.SetUtcNow(new DateTimeOffset(2031, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var attestor = _env.CreateAttestor();
        var token = _env.StsTokens.Create(_env.StsTokens.StsClaims());

        var valid = await OidcTestEnvironment.AttestAsync(attestor, token);
        _env.Time.Advance(TimeSpan.FromHours(1));
        var expired = await OidcTestEnvironment.AttestAsync(attestor, token);

        Assert.True(valid.Succeeded, valid.Detail);
        Assert.Equal(AttestationFailureKind.Expired, expired.FailureKind);
    }
}
