using Bridge.Spiffe.Id;

namespace Bridge.Spiffe.Tests.Id;

public sealed class SpiffeIdMatcherTests
{
    private static readonly SpiffeId Web = SpiffeId.Parse("spiffe://example.org/web");
    private static readonly SpiffeId Db = SpiffeId.Parse("spiffe://example.org/db");
    private static readonly SpiffeId Foreign = SpiffeId.Parse("spiffe://other.org/web");

    [Fact]
    public void Any_MatchesEveryNonZeroId()
    {
        var match = SpiffeIdMatcher.Any();
        Assert.True(match(Web));
        Assert.True(match(Foreign));
        Assert.False(match(default));
    }

    [Fact]
    public void Exact_MatchesOnlyThatId()
    {
        var match = SpiffeIdMatcher.Exact(Web);
        Assert.True(match(SpiffeId.Parse("spiffe://example.org/web")));
        Assert.False(match(Db));
        Assert.False(match(Foreign));
        Assert.False(match(default));
        Assert.Throws<ArgumentException>(() => SpiffeIdMatcher.Exact(default));
    }

    [Fact]
    public void OneOf_MatchesListedIdsOnly()
    {
        var list = new List<SpiffeId> { Web, Db };
        var match = SpiffeIdMatcher.OneOf(list);
        list.Clear();
        Assert.True(match(Web));
        Assert.True(match(Db));
        Assert.False(match(Foreign));
        Assert.False(match(default));
        Assert.False(SpiffeIdMatcher.OneOf()(Web));
        Assert.Throws<ArgumentException>(() => SpiffeIdMatcher.OneOf(Web, default));
    }

    [Fact]
    public void MemberOf_MatchesIdsInTrustDomain()
    {
        var match = SpiffeIdMatcher.MemberOf(TrustDomain.Parse("example.org"));
        Assert.True(match(Web));
        Assert.True(match(SpiffeId.Parse("spiffe://example.org")));
        Assert.False(match(Foreign));
        Assert.False(match(SpiffeId.Parse("spiffe://example.org.evil/web")));
        Assert.False(match(default));
        Assert.Throws<ArgumentException>(() => SpiffeIdMatcher.MemberOf(default));
    }
}
