using System.Buffers.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Spiffe.Id;
using Bridge.Testing.Authority;
using static Bridge.Authority.Tests.Issuance.Jwt.JwtTestSupport;

namespace Bridge.Authority.Tests.Issuance.Jwt;

public sealed partial class JwtSvidIssuerTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData(KeyType.EcP256, "ES256")]
    [InlineData(KeyType.EcP384, "ES384")]
    [InlineData(KeyType.Rsa2048, "RS256")]
    [InlineData(KeyType.Rsa3072, "RS256")]
    public async Task IssueAsync_EachKeyType_ValidatesWithOnlyThePublishedJwk(KeyType keyType, string algorithm)
    {
        var clock = NewClock();
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), clock, keyType);
        var published = Assert.Single(await issuer.GetPublishedKeysAsync(CancellationToken.None));

        var issued = await issuer.IssueAsync(Subject, ["reports"], FiveMinutes, CancellationToken.None);

        Assert.Equal(algorithm, published.Algorithm);
        var result = await ValidateAsync(issued.Token, ToJsonWebKey(published), algorithm, "reports", clock);
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(Subject.ToString(), result.ClaimsIdentity.FindFirst("sub")?.Value);
    }

    [Fact]
    public async Task IssueAsync_ValidatorExpectingOtherAudienceAlgorithmOrKey_Rejects()
    {
        var clock = NewClock();
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), clock);
        var otherIssuer = await CreateInitializedAsync(new InMemoryKeyManager(), clock);
        var jwk = ToJsonWebKey((await issuer.GetPublishedKeysAsync(CancellationToken.None))[0]);
        var otherJwk = ToJsonWebKey((await otherIssuer.GetPublishedKeysAsync(CancellationToken.None))[0]);
        var token = (await issuer.IssueAsync(Subject, ["reports"], FiveMinutes, CancellationToken.None)).Token;

        Assert.False((await ValidateAsync(token, jwk, "ES256", "billing", clock)).IsValid);
        Assert.False((await ValidateAsync(token, jwk, "ES384", "reports", clock)).IsValid);
        Assert.False((await ValidateAsync(token, otherJwk, "ES256", "reports", clock)).IsValid);
    }

    [Fact]
    public async Task IssueAsync_AfterExpiry_FailsValidation()
    {
        var clock = NewClock();
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), clock);
        var jwk = ToJsonWebKey((await issuer.GetPublishedKeysAsync(CancellationToken.None))[0]);
        var token = (await issuer.IssueAsync(Subject, ["reports"], FiveMinutes, CancellationToken.None)).Token;

        clock.Advance(FiveMinutes + TimeSpan.FromSeconds(1));

        Assert.False((await ValidateAsync(token, jwk, "ES256", "reports", clock)).IsValid);
    }

    [Theory]
    [InlineData(KeyType.EcP256, "ES256")]
    [InlineData(KeyType.EcP384, "ES384")]
    [InlineData(KeyType.Rsa2048, "RS256")]
    public async Task IssueAsync_Header_IsExactlyAlgKidTyp(KeyType keyType, string algorithm)
    {
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock(), keyType);

        var issued = await issuer.IssueAsync(Subject, ["reports"], FiveMinutes, CancellationToken.None);

        Assert.Equal($$"""{"alg":"{{algorithm}}","kid":"{{issued.KeyId}}","typ":"JWT"}""", HeaderJson(issued.Token));
    }

    [Fact]
    public async Task IssueAsync_Payload_HasIntegerIatAndExp()
    {
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock());

        var issued = await issuer.IssueAsync(Subject, ["reports"], FiveMinutes, CancellationToken.None);

        var json = PayloadJson(issued.Token);
        var iat = IssuedAtPattern().Match(json);
        var exp = ExpiresAtPattern().Match(json);
        Assert.True(iat.Success, json);
        Assert.True(exp.Success, json);
        Assert.Equal(Start.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), iat.Groups[1].Value);
        Assert.Equal((Start.ToUnixTimeSeconds() + 300).ToString(System.Globalization.CultureInfo.InvariantCulture), exp.Groups[1].Value);
    }

    [Fact]
    public async Task IssueAsync_Claims_MatchRequestAndResult()
    {
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock());

        var issued = await issuer.IssueAsync(Subject, ["reports"], FiveMinutes, CancellationToken.None);

        var payload = Payload(issued.Token);
        Assert.Equal(Issuer, payload.GetProperty("iss").GetString());
        Assert.Equal("spiffe://example.org/ns/prod/sa/web", payload.GetProperty("sub").GetString());
        Assert.Equal(issued.TokenId, payload.GetProperty("jti").GetString());
        Assert.Equal(issued.IssuedAt.ToUnixTimeSeconds(), payload.GetProperty("iat").GetInt64());
        Assert.Equal(issued.ExpiresAt.ToUnixTimeSeconds(), payload.GetProperty("exp").GetInt64());
        Assert.Equal(["aud", "exp", "iat", "iss", "jti", "sub"], payload.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Start.AddTicks(-Start.Ticks % TimeSpan.TicksPerSecond), issued.IssuedAt);
        Assert.Equal(issued.IssuedAt + FiveMinutes, issued.ExpiresAt);
    }

    [Fact]
    public async Task IssueAsync_OneAudience_IsStillAnArray()
    {
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock());

        var issued = await issuer.IssueAsync(Subject, ["reports"], FiveMinutes, CancellationToken.None);

        Assert.Contains("\"aud\":[\"reports\"]", PayloadJson(issued.Token), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "b", "a", "b", "a" }, new[] { "b", "a" })]
    [InlineData(new[] { "x", "x" }, new[] { "x" })]
    [InlineData(new[] { "1", "2", "3", "4", "5", "6", "7", "8", "9", "1", "10", "9" }, new[] { "1", "2", "3", "4", "5", "6", "7", "8", "9", "10" })]
    [InlineData(new[] { "A", "a" }, new[] { "A", "a" })]
    public async Task IssueAsync_DuplicateAudiences_AreDroppedKeepingOrder(string[] audiences, string[] expected)
    {
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock());

        var issued = await issuer.IssueAsync(Subject, audiences, FiveMinutes, CancellationToken.None);

        var aud = Payload(issued.Token).GetProperty("aud");
        Assert.Equal(JsonValueKind.Array, aud.ValueKind);
        Assert.Equal(expected, aud.EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task IssueAsync_AudienceNeedingEscapes_RoundTrips()
    {
        var clock = NewClock();
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), clock);
        const string audience = "a\"b\\c<d>é";

        var issued = await issuer.IssueAsync(Subject, [audience], FiveMinutes, CancellationToken.None);

        Assert.Equal(audience, Payload(issued.Token).GetProperty("aud")[0].GetString());
        var jwk = ToJsonWebKey((await issuer.GetPublishedKeysAsync(CancellationToken.None))[0]);
        Assert.True((await ValidateAsync(issued.Token, jwk, "ES256", audience, clock)).IsValid);
    }

    [Fact]
    public async Task IssueAsync_VeryLargePayload_Validates()
    {
        var clock = NewClock();
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), clock);
        var large = new string('a', 40_000);

        var first = await issuer.IssueAsync(Subject, [large], FiveMinutes, CancellationToken.None);
        var second = await issuer.IssueAsync(Subject, ["reports"], FiveMinutes, CancellationToken.None);

        var jwk = ToJsonWebKey((await issuer.GetPublishedKeysAsync(CancellationToken.None))[0]);
        Assert.True((await ValidateAsync(first.Token, jwk, "ES256", large, clock)).IsValid);
        Assert.True((await ValidateAsync(second.Token, jwk, "ES256", "reports", clock)).IsValid);
    }

    [Fact]
    public async Task IssueAsync_ManyCalls_TokenIdsAreUniqueRandom128Bit()
    {
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock());
        var ids = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < 50; i++)
        {
            var issued = await issuer.IssueAsync(Subject, ["reports"], FiveMinutes, CancellationToken.None);
            Assert.Equal(16, Base64Url.DecodeFromChars(issued.TokenId).Length);
            Assert.True(ids.Add(issued.TokenId));
        }
    }

    [Fact]
    public async Task IssueAsync_TtlAboveMax_IsCappedToMaxTtl()
    {
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock());

        var issued = await issuer.IssueAsync(Subject, ["reports"], TimeSpan.FromHours(5), CancellationToken.None);

        Assert.Equal(TimeSpan.FromHours(1), issuer.MaxTtl);
        Assert.Equal(issuer.MaxTtl, issued.ExpiresAt - issued.IssuedAt);
        var payload = Payload(issued.Token);
        Assert.Equal(3600, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task IssueAsync_MaxTtl_IsAllowed()
    {
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock());

        var issued = await issuer.IssueAsync(Subject, ["reports"], TimeSpan.MaxValue, CancellationToken.None);

        Assert.Equal(issuer.MaxTtl, issued.ExpiresAt - issued.IssuedAt);
    }

    [Fact]
    public async Task IssueAsync_SubSecondTtl_ExpiresOneSecondAfterIssue()
    {
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock());

        var issued = await issuer.IssueAsync(Subject, ["reports"], TimeSpan.FromMilliseconds(10), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(1), issued.ExpiresAt - issued.IssuedAt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task IssueAsync_NonPositiveTtl_Throws(int seconds)
    {
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => issuer.IssueAsync(Subject, ["reports"], TimeSpan.FromSeconds(seconds), CancellationToken.None));
    }

    [Fact]
    public async Task IssueAsync_ClockAdvances_IatAndExpFollowIt()
    {
        var clock = NewClock();
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), clock);
        var first = await issuer.IssueAsync(Subject, ["reports"], FiveMinutes, CancellationToken.None);

        clock.Advance(TimeSpan.FromMinutes(10));
        var second = await issuer.IssueAsync(Subject, ["reports"], FiveMinutes, CancellationToken.None);

        Assert.Equal(TimeSpan.FromMinutes(10), second.IssuedAt - first.IssuedAt);
        Assert.Equal(first.IssuedAt.ToUnixTimeSeconds() + 600, Payload(second.Token).GetProperty("iat").GetInt64());
        Assert.Equal(first.ExpiresAt.ToUnixTimeSeconds() + 600, Payload(second.Token).GetProperty("exp").GetInt64());
    }

    [Theory]
    [InlineData("spiffe://other.org/ns/prod/sa/web")]
    [InlineData("spiffe://example.org.evil/web")]
    public async Task IssueAsync_SubjectOutsideTrustDomain_Throws(string subject)
    {
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock());

        await Assert.ThrowsAsync<ArgumentException>(
            () => issuer.IssueAsync(SpiffeId.Parse(subject), ["reports"], FiveMinutes, CancellationToken.None));
    }

    [Fact]
    public async Task IssueAsync_ZeroSubject_Throws()
    {
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock());

        await Assert.ThrowsAsync<ArgumentException>(() => issuer.IssueAsync(default, ["reports"], FiveMinutes, CancellationToken.None));
    }

    public static TheoryData<string[]> InvalidAudiences => new([], [""], ["reports", " "]);

    [Theory]
    [MemberData(nameof(InvalidAudiences))]
    public async Task IssueAsync_MissingOrEmptyAudience_Throws(string[] audiences)
    {
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock());

        await Assert.ThrowsAsync<ArgumentException>(() => issuer.IssueAsync(Subject, audiences, FiveMinutes, CancellationToken.None));
    }

    [Fact]
    public async Task IssueAsync_Cancelled_Throws()
    {
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => issuer.IssueAsync(Subject, ["reports"], FiveMinutes, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task IssueAsync_BeforeInitialize_Throws()
    {
        var issuer = SingleProcessAuthority.CreateJwtIssuer(new InMemoryKeyManager(), Microsoft.Extensions.Options.Options.Create(Options()), NewClock());

        await Assert.ThrowsAsync<InvalidOperationException>(() => issuer.IssueAsync(Subject, ["reports"], FiveMinutes, CancellationToken.None));
    }

    [GeneratedRegex("\"iat\":([0-9]+)[,}]")]
    private static partial Regex IssuedAtPattern();

    [GeneratedRegex("\"exp\":([0-9]+)[,}]")]
    private static partial Regex ExpiresAtPattern();
}
