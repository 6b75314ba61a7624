using Bridge.Abstractions.Registration;
using Bridge.Authority.Agents;

namespace Bridge.Authority.Tests.Agents;

/// <summary>
/// An agent's authorized set: its own live entries and the live entries of the node sets its node selectors satisfy.
/// Nothing else, ever.
/// </summary>
public sealed class AgentEntryAuthorizerTests
{
    private static readonly string[] WebNode = ["aws_iid:account:123456789012", "aws_iid:tag:role:web", "aws_iid:region:us-east-1"];

    [Fact]
    public async Task Authorize_OwnEntries_AreAuthorizedWithTheirSpiffeIds()
    {
        var fixture = new AgentFixture();
        await fixture.AddAsync("b-own", AgentFixture.AgentId("i-1"));
        await fixture.AddAsync("a-own", AgentFixture.AgentId("i-1"), "spiffe://example.org/billing");

        var set = await fixture.Authorizer.AuthorizeAsync(fixture.Node("i-1", WebNode), CancellationToken.None);

        Assert.Equal(["a-own", "b-own"], set.Entries.Select(e => e.Entry.Id));
        Assert.Equal("spiffe://example.org/billing", set.Find("a-own")!.SpiffeId.ToString());
        Assert.True(set.Find("a-own")!.IsIssuable);
    }

    [Fact]
    public async Task Authorize_NodeSetWhoseSelectorsAreASubset_GivesItsEntries()
    {
        var fixture = new AgentFixture();
        await fixture.AddNodeSetAsync("web", ["aws_iid:tag:role:web", "aws_iid:account:123456789012"]);
        await fixture.AddAsync("web-app", AgentFixture.NodeSetId("web"));

        var set = await fixture.Authorizer.AuthorizeAsync(fixture.Node("i-1", WebNode), CancellationToken.None);

        Assert.Equal(["web-app"], set.Entries.Select(e => e.Entry.Id));
    }

    [Fact]
    public async Task Authorize_NodeSetTheNodeDoesNotSatisfy_GivesNothing()
    {
        var fixture = new AgentFixture();
        // One selector more than the node has: subset semantics, so the node is not in the set.
        await fixture.AddNodeSetAsync("web-prod", ["aws_iid:tag:role:web", "aws_iid:tag:env:prod"]);
        await fixture.AddAsync("prod-app", AgentFixture.NodeSetId("web-prod"));

        var set = await fixture.Authorizer.AuthorizeAsync(fixture.Node("i-1", WebNode), CancellationToken.None);

        Assert.Empty(set.Entries);
        Assert.Null(set.Find("prod-app"));
    }

    [Fact]
    public async Task Authorize_AnotherAgentsEntriesAndEverythingElse_Never()
    {
        var fixture = new AgentFixture();
        await fixture.AddAsync("other-agent", AgentFixture.AgentId("i-2"));
        await fixture.AddAsync("attestor", BridgeIds.AttestorParent(AgentFixture.TrustDomain, "aws-sts"), selectors: ["aws:account:123456789012"]);
        await fixture.AddNodeSetAsync("web", ["aws_iid:tag:role:web"]);
        // Not a node-set ID: a definition must name /bridge/nodeset/<name>, or it gives nothing.
        await fixture.AddAsync("not-a-set", BridgeIds.Server(AgentFixture.TrustDomain), "spiffe://example.org/web", ["aws_iid:tag:role:web"]);
        await fixture.AddAsync("under-not-a-set", Bridge.Spiffe.Id.SpiffeId.Parse("spiffe://example.org/web"));

        var set = await fixture.Authorizer.AuthorizeAsync(fixture.Node("i-1", WebNode), CancellationToken.None);

        // The definition itself is not an entry the agent serves; the web set has no entries.
        Assert.Empty(set.Entries);
        Assert.Null(set.Find("other-agent"));
        Assert.Null(set.Find("nodeset-web"));
    }

    [Fact]
    public async Task Authorize_ExpiredEntriesAndExpiredDefinitions_Never()
    {
        var fixture = new AgentFixture();
        var soon = fixture.Time.GetUtcNow().AddMinutes(5);
        await fixture.AddAsync("own-expiring", AgentFixture.AgentId("i-1"), expiresAt: soon);
        await fixture.AddAsync("own-lasting", AgentFixture.AgentId("i-1"));
        await fixture.AddNodeSetAsync("web", ["aws_iid:tag:role:web"], expiresAt: soon);
        await fixture.AddAsync("web-app", AgentFixture.NodeSetId("web"));
        var node = fixture.Node("i-1", WebNode);

        var before = await fixture.Authorizer.AuthorizeAsync(node, CancellationToken.None);
        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        var after = await fixture.Authorizer.AuthorizeAsync(node, CancellationToken.None);

        Assert.Equal(["own-expiring", "own-lasting", "web-app"], before.Entries.Select(e => e.Entry.Id));
        Assert.Equal(["own-lasting"], after.Entries.Select(e => e.Entry.Id));
        Assert.NotEqual(before.Revision, after.Revision);
    }

    [Fact]
    public async Task Authorize_DefinitionDeleted_ItsEntriesDropOut()
    {
        var fixture = new AgentFixture();
        var definition = await fixture.AddNodeSetAsync("web", ["aws_iid:tag:role:web"]);
        await fixture.AddAsync("web-app", AgentFixture.NodeSetId("web"));
        var node = fixture.Node("i-1", WebNode);
        var before = await fixture.Authorizer.AuthorizeAsync(node, CancellationToken.None);

        await fixture.Store.DeleteAsync(definition.Id, null, CancellationToken.None);
        var after = await fixture.Authorizer.AuthorizeAsync(node, CancellationToken.None);

        Assert.Single(before.Entries);
        Assert.Empty(after.Entries);
        Assert.NotEqual(before.Revision, after.Revision);
    }

    [Fact]
    public async Task Authorize_TwoDefinitionsOfOneSet_GiveItsEntriesOnce()
    {
        var fixture = new AgentFixture();
        await fixture.AddNodeSetAsync("web", ["aws_iid:tag:role:web"]);
        await fixture.AddAsync("web-by-account", BridgeIds.Server(AgentFixture.TrustDomain), AgentFixture.NodeSetId("web").ToString(), ["aws_iid:account:123456789012"]);
        await fixture.AddAsync("web-app", AgentFixture.NodeSetId("web"));

        var set = await fixture.Authorizer.AuthorizeAsync(fixture.Node("i-1", WebNode), CancellationToken.None);

        Assert.Equal(["web-app"], set.Entries.Select(e => e.Entry.Id));
    }

    [Fact]
    public async Task Authorize_BannedNode_GetsNothing()
    {
        var fixture = new AgentFixture();
        await fixture.AddAsync("own", AgentFixture.AgentId("i-1"));

        var set = await fixture.Authorizer.AuthorizeAsync(fixture.Node("i-1", WebNode) with { Banned = true }, CancellationToken.None);

        Assert.Empty(set.Entries);
    }

    [Fact]
    public async Task Authorize_TemplatedEntry_IsAuthorizedButNotIssuable()
    {
        var fixture = new AgentFixture();
        await fixture.AddAsync("templated", AgentFixture.AgentId("i-1"), "spiffe://example.org/aws/{account}/app");

        var set = await fixture.Authorizer.AuthorizeAsync(fixture.Node("i-1", WebNode), CancellationToken.None);

        var entry = Assert.Single(set.Entries);
        Assert.False(entry.IsIssuable);
        Assert.True(entry.SpiffeId.IsZero);
    }

    [Fact]
    public async Task Revision_UnchangedSet_IsStable()
    {
        var fixture = new AgentFixture();
        await fixture.AddAsync("own", AgentFixture.AgentId("i-1"));
        await fixture.AddNodeSetAsync("web", ["aws_iid:tag:role:web"]);
        await fixture.AddAsync("web-app", AgentFixture.NodeSetId("web"));

        var first = await fixture.Authorizer.AuthorizeAsync(fixture.Node("i-1", WebNode), CancellationToken.None);
        // An unrelated change (another agent's entry) and a new node record of the same node change nothing.
        await fixture.AddAsync("other", AgentFixture.AgentId("i-2"));
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await fixture.Authorizer.AuthorizeAsync(fixture.Node("i-1", WebNode), CancellationToken.None);

        Assert.Equal(first.Revision, second.Revision);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", first.Revision);
    }

    [Fact]
    public async Task Revision_ChangedEntry_Changes()
    {
        var fixture = new AgentFixture();
        var entry = await fixture.AddAsync("own", AgentFixture.AgentId("i-1"));
        var node = fixture.Node("i-1", WebNode);
        var before = await fixture.Authorizer.AuthorizeAsync(node, CancellationToken.None);

        await fixture.Store.UpdateAsync(entry with { Audiences = ["svc", "other"] }, CancellationToken.None);
        var updated = await fixture.Authorizer.AuthorizeAsync(node, CancellationToken.None);

        Assert.NotEqual(before.Revision, updated.Revision);
    }

    [Fact]
    public async Task Revision_EntryRecreatedWithTheSameIdAndRevision_Changes()
    {
        var fixture = new AgentFixture();
        await fixture.AddAsync("own", AgentFixture.AgentId("i-1"), "spiffe://example.org/first");
        var node = fixture.Node("i-1", WebNode);
        var before = await fixture.Authorizer.AuthorizeAsync(node, CancellationToken.None);

        // Deleted and created again between two syncs: same id, revision 1 again, other content.
        await fixture.Store.DeleteAsync("own", null, CancellationToken.None);
        var recreated = await fixture.AddAsync("own", AgentFixture.AgentId("i-1"), "spiffe://example.org/second");
        var after = await fixture.Authorizer.AuthorizeAsync(node, CancellationToken.None);

        Assert.Equal(1, recreated.Revision);
        Assert.NotEqual(before.Revision, after.Revision);
    }
}
