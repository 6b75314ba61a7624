using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;
using Xunit;

namespace Bridge.Testing.Conformance;

/// <summary>Listing and matching.</summary>
public abstract partial class RegistrationStoreConformanceTests
{
    [Fact]
    public async Task List_250EntriesInSmallPages_ReturnsEachOnceInIdOrder()
    {
        var store = await CreateStoreAsync();
        var ids = Enumerable.Range(0, 250).Select(i => $"entry-{i * 7919 % 250:D3}").ToList();
        foreach (var id in ids)
        {
            await store.CreateAsync(NewEntry(id), Ct);
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await store.ListAsync(token, pageSize: 7, Ct);
            Assert.InRange(page.Entries.Count, 1, 7);
            seen.AddRange(page.Entries.Select(e => e.Id));
            token = page.NextPageToken;
            pages++;
            Assert.True(pages <= 250, "paging does not terminate");
        }
        while (token is not null);

        Assert.Equal(ids.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task List_OrderIsOrdinal()
    {
        var store = await CreateStoreAsync();
        foreach (var id in new[] { "b", "B", "a", "A", "_", "0" })
        {
            await store.CreateAsync(NewEntry(id), Ct);
        }

        var page = await store.ListAsync(null, pageSize: 10, Ct);

        Assert.Equal(["0", "A", "B", "_", "a", "b"], page.Entries.Select(e => e.Id));
        Assert.Null(page.NextPageToken);
    }

    [Fact]
    public async Task List_EmptyStore_ReturnsEmptyLastPage()
    {
        var store = await CreateStoreAsync();

        var page = await store.ListAsync(null, pageSize: 10, Ct);

        Assert.Empty(page.Entries);
        Assert.Null(page.NextPageToken);
    }

    [Fact]
    public async Task List_PageToken_IsOpaqueNotTheRawId()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewEntry("alpha"), Ct);
        await store.CreateAsync(NewEntry("beta"), Ct);

        var page = await store.ListAsync(null, pageSize: 1, Ct);

        Assert.NotNull(page.NextPageToken);
        Assert.NotEqual("alpha", page.NextPageToken);
        Assert.Equal(["beta"], (await store.ListAsync(page.NextPageToken, pageSize: 1, Ct)).Entries.Select(e => e.Id));
    }

    [Fact]
    public async Task List_EntryDeletedBetweenPages_ContinuesAfterIt()
    {
        var store = await CreateStoreAsync();
        foreach (var id in new[] { "a", "b", "c" })
        {
            await store.CreateAsync(NewEntry(id), Ct);
        }

        var first = await store.ListAsync(null, pageSize: 2, Ct);
        await store.DeleteAsync("b", expectedRevision: null, Ct);
        var second = await store.ListAsync(first.NextPageToken, pageSize: 2, Ct);

        Assert.Equal(["c"], second.Entries.Select(e => e.Id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task List_PageSizeOutOfRange_Throws(int pageSize)
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ListAsync(null, pageSize, Ct));
    }

    [Theory]
    [InlineData("not a token")]
    [InlineData("v1.")]
    [InlineData("v1.!!!")]
    public async Task List_MalformedPageToken_ThrowsArgumentException(string token)
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewEntry("web"), Ct);

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.ListAsync(token, 10, Ct));
    }

    [Fact]
    public async Task FindByParent_ReturnsEveryEntryOfTheParentInIdOrderAndNoOther()
    {
        var store = await CreateStoreAsync();
        var agent = SpiffeId.Parse("spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/i-0abc");
        await store.CreateAsync(NewEntry("web-b", Account) with { ParentId = agent }, Ct);
        await store.CreateAsync(NewEntry("other", Account), Ct);
        await store.CreateAsync(NewEntry("web-a", Role, Region) with { ParentId = agent }, Ct);

        var entries = await store.FindByParentAsync(agent, Ct);

        Assert.Equal(["web-a", "web-b"], entries.Select(e => e.Id));
        Assert.Equal([Role, Region], entries[0].Selectors);
        Assert.Equal(["other"], (await store.FindByParentAsync(Parent, Ct)).Select(e => e.Id));
    }

    [Fact]
    public async Task FindByParent_UnknownOrZeroParent_ReturnsNothing()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewEntry("web", Account), Ct);

        Assert.Empty(await store.FindByParentAsync(SpiffeId.Parse("spiffe://example.org/bridge/nodeset/none"), Ct));
        Assert.Empty(await store.FindByParentAsync(default, Ct));
    }

    [Fact]
    public async Task FindByParent_SeesDeletesThroughTheSameStore()
    {
        var store = await CreateStoreAsync();
        var created = (await store.CreateAsync(NewEntry("web", Account), Ct)).Entry!;
        Assert.Single(await store.FindByParentAsync(Parent, Ct));

        await store.DeleteAsync("web", created.Revision, Ct);

        Assert.Empty(await store.FindByParentAsync(Parent, Ct));
    }

    [Fact]
    public async Task FindMatching_CallerHasExactlyTheSelectors_Matches()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewEntry("web", Account, Role), Ct);

        var matches = await store.FindMatchingAsync(Parent, [Account, Role], Ct);

        Assert.Equal(["web"], matches.Select(e => e.Id));
    }

    [Fact]
    public async Task FindMatching_CallerHasMoreSelectors_Matches()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewEntry("web", Account), Ct);

        var matches = await store.FindMatchingAsync(Parent, [Account, Role, Region], Ct);

        Assert.Equal(["web"], matches.Select(e => e.Id));
    }

    [Fact]
    public async Task FindMatching_EntryHasMoreSelectorsThanCaller_DoesNotMatch()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewEntry("web", Account, Role), Ct);

        var matches = await store.FindMatchingAsync(Parent, [Account], Ct);

        Assert.Empty(matches);
    }

    [Fact]
    public async Task FindMatching_OtherParent_DoesNotMatch()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewEntry("web", Account), Ct);

        var matches = await store.FindMatchingAsync(OtherParent, [Account], Ct);

        Assert.Empty(matches);
    }

    [Fact]
    public async Task FindMatching_SelectorDifferingInCase_DoesNotMatch()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewEntry("web", Role), Ct);

        var matches = await store.FindMatchingAsync(Parent, [Selector.Parse("aws:role:WEB")], Ct);

        Assert.Empty(matches);
    }

    [Fact]
    public async Task FindMatching_SeveralEntries_ReturnsOnlyMatchesOrderedById()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewEntry("c-account", Account), Ct);
        await store.CreateAsync(NewEntry("a-account-role", Account, Role), Ct);
        await store.CreateAsync(NewEntry("b-region", Region), Ct);
        await store.CreateAsync(NewEntry("d-other-parent", Account) with { ParentId = OtherParent }, Ct);

        var matches = await store.FindMatchingAsync(Parent, [Role, Account], Ct);

        Assert.Equal(["a-account-role", "c-account"], matches.Select(e => e.Id));
    }

    [Fact]
    public async Task FindMatching_AfterUpdate_UsesNewSelectors()
    {
        var store = await CreateStoreAsync();
        var created = (await store.CreateAsync(NewEntry("web", Account), Ct)).Entry!;
        await store.UpdateAsync(created with { Selectors = [Region] }, Ct);

        Assert.Empty(await store.FindMatchingAsync(Parent, [Account], Ct));
        Assert.Single(await store.FindMatchingAsync(Parent, [Region], Ct));
    }

    [Fact]
    public async Task FindMatching_NoCallerSelectors_MatchesNothing()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewEntry("web"), Ct);

        Assert.Empty(await store.FindMatchingAsync(Parent, [], Ct));
    }
}
