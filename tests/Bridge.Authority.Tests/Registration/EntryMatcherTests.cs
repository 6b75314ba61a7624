using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;
using static Bridge.Authority.Tests.Registration.TestEntries;

namespace Bridge.Authority.Tests.Registration;

public sealed class EntryMatcherTests
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Match_CallerHasAllEntrySelectors_Matches() =>
        Assert.Single(EntryMatcher.Match([Entry("web", Account, Role)], Parent, [Role, Account], Now));

    [Fact]
    public void Match_CallerHasMoreSelectors_Matches() =>
        Assert.Single(EntryMatcher.Match([Entry("web", Account)], Parent, [Account, Role, Region], Now));

    [Fact]
    public void Match_CallerMissesOneEntrySelector_DoesNotMatch() =>
        Assert.Empty(EntryMatcher.Match([Entry("web", Account, Role)], Parent, [Account, Region], Now));

    [Fact]
    public void Match_OtherParent_DoesNotMatch() =>
        Assert.Empty(EntryMatcher.Match([Entry("web", Account)], OtherParent, [Account], Now));

    [Fact]
    public void Match_ZeroParent_MatchesNothing() =>
        Assert.Empty(EntryMatcher.Match([Entry("web", Account) with { ParentId = default }], default, [Account], Now));

    [Fact]
    public void Match_ParentDifferingInPathCase_DoesNotMatch() =>
        Assert.Empty(EntryMatcher.Match(
            [Entry("web", Account)], SpiffeId.Parse("spiffe://example.org/bridge/attestor/AWS-STS"), [Account], Now));

    [Fact]
    public void Match_SelectorDifferingInCase_DoesNotMatch() =>
        Assert.Empty(EntryMatcher.Match([Entry("web", Role)], Parent, [Selector.Parse("aws:role:Web")], Now));

    [Fact]
    public void Match_SameValueOtherType_DoesNotMatch() =>
        Assert.Empty(EntryMatcher.Match(
            [Entry("web", new Selector("k8s", "ns:prod"))], Parent, [new Selector("aws", "ns:prod")], Now));

    [Fact]
    public void Match_EntryWithoutSelectors_MatchesNobody() =>
        Assert.Empty(EntryMatcher.Match([Entry("web") with { Selectors = [] }], Parent, [Account], Now));

    [Fact]
    public void Match_NoCallerSelectors_MatchesNothing() =>
        Assert.Empty(EntryMatcher.Match([Entry("web", Account)], Parent, [], Now));

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void Match_ExpiresAt_ExcludesEntriesNoLongerLive(int secondsFromNow, bool matches)
    {
        var entry = Entry("web", Account) with { ExpiresAt = Now.AddSeconds(secondsFromNow) };

        Assert.Equal(matches ? 1 : 0, EntryMatcher.Match([entry], Parent, [Account], Now).Count);
    }

    [Fact]
    public void Match_NoExpiry_Matches() =>
        Assert.Single(EntryMatcher.Match([Entry("web", Account) with { ExpiresAt = null }], Parent, [Account], Now));

    [Fact]
    public void MatchIgnoringExpiry_ExpiredEntry_Matches() =>
        Assert.Single(EntryMatcher.MatchIgnoringExpiry(
            [Entry("web", Account) with { ExpiresAt = Now.AddDays(-1) }], Parent, [Account]));

    [Fact]
    public void Match_SeveralEntries_ReturnsMatchesOrderedOrdinallyById()
    {
        RegistrationEntry[] entries =
        [
            Entry("b", Account), Entry("a", Account), Entry("B", Account), Entry("_", Account),
            Entry("c", Region), Entry("d", Account) with { ParentId = OtherParent },
        ];

        var matches = EntryMatcher.Match(entries, Parent, [Account], Now);

        Assert.Equal(["B", "_", "a", "b"], matches.Select(e => e.Id));
    }

    [Fact]
    public void Match_RepeatedIds_KeepInputOrder()
    {
        var first = Entry("same", Account) with { Hint = "first" };
        var second = Entry("same", Account) with { Hint = "second" };

        var matches = EntryMatcher.Match([first, second], Parent, [Account], Now);

        Assert.Equal(["first", "second"], matches.Select(e => e.Hint));
    }
}
