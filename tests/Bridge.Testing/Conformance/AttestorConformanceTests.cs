using Bridge.Abstractions.Attestation;
using Xunit;

namespace Bridge.Testing.Conformance;

/// <summary>
/// Behaviour every <see cref="IAttestor"/> must show: bad evidence is a failure value, never an exception;
/// cancellation is honoured; replay keys are stable per token and distinct across tokens.
/// </summary>
public abstract class AttestorConformanceTests
{
    /// <summary>Creates the attestor under test.</summary>
    protected abstract IAttestor CreateAttestor();

    /// <summary>Creates a fresh valid token for the attestor from <see cref="CreateAttestor"/>; each call a different one.</summary>
    protected abstract string CreateValidToken();

    /// <summary>The token type used for requests.</summary>
    protected virtual string TokenType => CreateAttestor().SubjectTokenTypes.First();

    /// <summary>Garbage inputs of many shapes.</summary>
    public static TheoryData<string> GarbageTokens => new()
    {
        "",
        " ",
        "not-a-token",
        "a.b.c",
        "....",
        "eyJ.eyJ.",
        "\u0000\u0001\u0002",
        "é.ü.ß",
        "e30.e30.e30",
        "W10.W10.W10",
        "bnVsbA.bnVsbA.AA",
        new string('.', 100),
    };

    /// <summary>Garbage gives a failure, not an exception.</summary>
    [Theory]
    [MemberData(nameof(GarbageTokens))]
    public async Task AttestAsync_Garbage_ReturnsFailure(string token)
    {
        var result = await CreateAttestor().AttestAsync(new AttestationRequest(token, TokenType), TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.NotEqual(AttestationFailureKind.None, result.FailureKind);
    }

    /// <summary>A huge token gives a failure, not an exception.</summary>
    [Fact]
    public async Task AttestAsync_HugeToken_ReturnsFailure()
    {
        var token = CreateValidToken() + new string('A', 1024 * 1024);

        var result = await CreateAttestor().AttestAsync(new AttestationRequest(token, TokenType), TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
    }

    /// <summary>An unsupported token type is refused.</summary>
    [Fact]
    public async Task AttestAsync_UnsupportedTokenType_ReturnsUnsupportedTokenType()
    {
        var result = await CreateAttestor().AttestAsync(
            new AttestationRequest(CreateValidToken(), "urn:example:not-a-token-type"), TestContext.Current.CancellationToken);

        Assert.Equal(AttestationFailureKind.UnsupportedTokenType, result.FailureKind);
    }

    /// <summary>A cancelled call throws <see cref="OperationCanceledException"/> rather than returning a verdict.</summary>
    [Fact]
    public async Task AttestAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await CreateAttestor().AttestAsync(new AttestationRequest(CreateValidToken(), TokenType), cancelled.Token));
    }

    /// <summary>A valid token succeeds with distinct, ordinally sorted selectors.</summary>
    [Fact]
    public async Task AttestAsync_ValidToken_SucceedsWithSortedDistinctSelectors()
    {
        var result = await CreateAttestor().AttestAsync(new AttestationRequest(CreateValidToken(), TokenType), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Detail);
        var rendered = result.Identity.Selectors.Select(s => s.ToString()).ToList();
        Assert.Equal(rendered.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), rendered);
        Assert.NotEmpty(result.Identity.ReplayKey);
    }

    /// <summary>Attesting one token twice gives the same replay key (single use is the caller's job).</summary>
    [Fact]
    public async Task AttestAsync_SameTokenTwice_SameReplayKey()
    {
        var attestor = CreateAttestor();
        var token = CreateValidToken();

        var first = await attestor.AttestAsync(new AttestationRequest(token, TokenType), TestContext.Current.CancellationToken);
        var second = await attestor.AttestAsync(new AttestationRequest(token, TokenType), TestContext.Current.CancellationToken);

        Assert.True(first.Succeeded, first.Detail);
        Assert.True(second.Succeeded, second.Detail);
        Assert.Equal(first.Identity.ReplayKey, second.Identity.ReplayKey);
    }

    /// <summary>Different tokens give different replay keys.</summary>
    [Fact]
    public async Task AttestAsync_DifferentTokens_DifferentReplayKeys()
    {
        var attestor = CreateAttestor();

        var first = await attestor.AttestAsync(new AttestationRequest(CreateValidToken(), TokenType), TestContext.Current.CancellationToken);
        var second = await attestor.AttestAsync(new AttestationRequest(CreateValidToken(), TokenType), TestContext.Current.CancellationToken);

        Assert.True(first.Succeeded, first.Detail);
        Assert.True(second.Succeeded, second.Detail);
        Assert.NotEqual(first.Identity.ReplayKey, second.Identity.ReplayKey);
    }
}
