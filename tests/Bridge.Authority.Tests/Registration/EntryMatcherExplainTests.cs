using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;
using static Bridge.Authority.Tests.Registration.TestEntries;

namespace Bridge.Authority.Tests.Registration;

/// <summary>
/// <see cref="EntryMatcher.Explain"/>: the same verdict as <see cref="EntryMatcher.Match"/> for every entry, and each
/// reason an entry does not give the caller an identity.
/// </summary>
public sealed class EntryMatcherExplainTests
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Selector[] Caller = [Account, Role];
    private static readonly Dictionary<string, string> Values = new() { ["account"] = "123456789012", ["role_name"] = "web" };

    private static readonly RegistrationEntry[] Candidates =
    [
        Entry("match", Account, Role),
        Entry("subset", Role),
        Entry("missing-region", Account, Role, Region),
        Entry("other-parent", Role) with { ParentId = OtherParent },
        Entry("expired", Role) with { ExpiresAt = Now },
        Entry("no-selectors") with { Selectors = [] },
        Entry("unrelated", Region) with { ParentId = OtherParent },
        Entry("templated", Role) with { SpiffeId = "spiffe://example.org/aws/{account}/fn/{function_name}" },
    ];

    [Fact]
    public void Explain_AppliesIsExactlyWhatMatchReturns()
    {
        SpiffeId[] parents = [Parent, OtherParent, default];
        Selector[][] selectorSets = [Caller, [Role], [Region], [Account, Role, Region], []];
        foreach (var parent in parents)
        {
            foreach (var selectors in selectorSets)
            {
                var explained = EntryMatcher.Explain(Candidates, parent, selectors, Values, ExampleOrg, [], Now);

                Assert.Equal(
                    EntryMatcher.Match(Candidates, parent, selectors, Now).Select(e => e.Id).Order(StringComparer.Ordinal),
                    explained.Where(e => e.Applies).Select(e => e.Entry.Id).Order(StringComparer.Ordinal));
            }
        }
    }

    [Fact]
    public void Explain_GivesEachReason()
    {
        var explained = EntryMatcher.Explain(Candidates, Parent, Caller, Values, ExampleOrg, [], Now).ToDictionary(e => e.Entry.Id);

        Assert.Empty(explained["match"].Reasons);
        Assert.Equal(SpiffeId.Parse("spiffe://example.org/workload/match"), explained["match"].RenderedId);
        Assert.Empty(explained["subset"].Reasons);
        Assert.Equal(["missing selectors: aws:region:eu-west-1"], explained["missing-region"].Reasons);
        Assert.Equal(
            ["parent is spiffe://example.org/bridge/attestor/eks, the caller's is spiffe://example.org/bridge/attestor/aws-sts"],
            explained["other-parent"].Reasons);
        Assert.Equal(["expired at 2030-06-01T12:00:00Z"], explained["expired"].Reasons);
        Assert.Equal(["the entry has no selectors, so it matches no one"], explained["no-selectors"].Reasons);
        Assert.Equal(["SPIFFE ID not rendered: no value for placeholder {function_name}"], explained["templated"].Reasons);
        Assert.False(explained["templated"].GivesIdentity);
        Assert.True(explained["templated"].Applies);
        Assert.False(explained["unrelated"].IsNear);
        Assert.True(explained["other-parent"].IsNear);
    }

    [Fact]
    public void Explain_OrdersEntriesGivingAnIdentityFirst()
    {
        var explained = EntryMatcher.Explain(Candidates, Parent, Caller, Values, ExampleOrg, [], Now);

        Assert.Equal(["match", "subset"], explained.Take(2).Select(e => e.Entry.Id));
        Assert.All(explained.Skip(2), e => Assert.False(e.GivesIdentity));
    }

    [Fact]
    public void Explain_UnknownTemplateValues_TemplatesNotChecked()
    {
        var explained = EntryMatcher.Explain(Candidates, Parent, Caller, templateValues: null, ExampleOrg, [], Now)
            .Single(e => e.Entry.Id == "templated");

        Assert.True(explained.GivesIdentity);
        Assert.Null(explained.RenderedId);
        Assert.Empty(explained.Reasons);
    }

    [Fact]
    public void Explain_AudienceAndDnsName_AreReasons()
    {
        var entry = Entry("web", Role) with { Audiences = ["ledger"], DnsNames = ["web.example.org", "*.com"] };

        var explained = Assert.Single(EntryMatcher.Explain([entry], Parent, Caller, Values, ExampleOrg, ["ledger", "billing"], Now));

        Assert.True(explained.GivesIdentity);
        Assert.Equal(
            [
                "audience not allowed: billing (allowed: ledger)",
                "X.509-SVIDs refused: DNS name '*.com' has a wildcard over a single label (a whole top-level domain)",
            ],
            explained.Reasons);
    }

    [Fact]
    public void Explain_TemplateRenderingOutsideTheTrustDomain_IsAReason()
    {
        var entry = Entry("web", Role) with { SpiffeId = "spiffe://other.org/web" };

        var explained = Assert.Single(EntryMatcher.Explain([entry], Parent, Caller, Values, ExampleOrg, [], Now));

        Assert.Equal(["SPIFFE ID not rendered: its SPIFFE ID is not in trust domain example.org"], explained.Reasons);
    }
}
