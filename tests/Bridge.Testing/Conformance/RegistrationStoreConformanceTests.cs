using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;
using Xunit;

namespace Bridge.Testing.Conformance;

/// <summary>
/// The contract every <see cref="IRegistrationStore"/> backend meets. A backend's test project subclasses this with a
/// factory returning an empty store. Entries used here are valid for trust domain <c>example.org</c>.
/// </summary>
public abstract partial class RegistrationStoreConformanceTests
{
    /// <summary>The trust domain of every entry the suite writes.</summary>
    protected static readonly TrustDomain TrustDomain = TrustDomain.Parse("example.org");

    /// <summary>The parent of most entries the suite writes.</summary>
    protected static readonly SpiffeId Parent = SpiffeId.Parse("spiffe://example.org/bridge/attestor/aws-sts");

    private static readonly SpiffeId OtherParent = SpiffeId.Parse("spiffe://example.org/bridge/attestor/eks");
    private static readonly Selector Account = Selector.Parse("aws:account:123456789012");
    private static readonly Selector Role = Selector.Parse("aws:role:web");
    private static readonly Selector Region = Selector.Parse("aws:region:eu-west-1");

    /// <summary>Creates an empty store.</summary>
    protected abstract ValueTask<IRegistrationStore> CreateStoreAsync();

    /// <summary>The test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A valid entry under <see cref="Parent"/>.</summary>
    protected static RegistrationEntry NewEntry(string id, params Selector[] selectors) => new()
    {
        Id = id,
        SpiffeId = $"spiffe://example.org/workload/{id}",
        ParentId = Parent,
        Selectors = selectors.Length == 0 ? [Account] : selectors,
    };

    /// <summary>A valid entry using every optional field.</summary>
    protected static RegistrationEntry NewFullEntry(string id) => NewEntry(id, Account, Role) with
    {
        SpiffeId = "spiffe://example.org/aws/{account}/role/{role_name}",
        X509SvidTtl = TimeSpan.FromMinutes(30),
        JwtSvidTtl = TimeSpan.FromMinutes(5),
        Audiences = ["sts.amazonaws.com", "https://api.example.org"],
        DnsNames = ["web.example.org", "*.web.example.org"],
        Hint = "web tier",
        ExpiresAt = new DateTimeOffset(2031, 2, 3, 4, 5, 6, TimeSpan.Zero),
    };

    [Fact]
    public async Task Create_NewEntry_StoresRevisionOne()
    {
        var store = await CreateStoreAsync();

        var result = await store.CreateAsync(NewFullEntry("web") with { Revision = 7 }, Ct);

        Assert.Equal(RegistrationWriteStatus.Succeeded, result.Status);
        Assert.Equal(1, result.Entry!.Revision);
        var stored = await store.GetAsync("web", Ct);
        AssertSameEntry(NewFullEntry("web") with { Revision = 1 }, stored);
    }

    [Fact]
    public async Task Create_DuplicateId_ReturnsAlreadyExistsAndKeepsOriginal()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewEntry("web"), Ct);

        var result = await store.CreateAsync(NewEntry("web", Role), Ct);

        Assert.Equal(RegistrationWriteStatus.AlreadyExists, result.Status);
        Assert.Null(result.Entry);
        Assert.Equal([Account], (await store.GetAsync("web", Ct))!.Selectors);
    }

    [Fact]
    public async Task Create_CallerMutatesItsListsAfterwards_StoredEntryUnchanged()
    {
        var store = await CreateStoreAsync();
        var selectors = new[] { Account };
        await store.CreateAsync(NewEntry("web", selectors), Ct);

        selectors[0] = Role;

        Assert.Equal([Account], (await store.GetAsync("web", Ct))!.Selectors);
    }

    [Fact]
    public async Task Get_UnknownId_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetAsync("missing", Ct));
    }

    [Fact]
    public async Task Get_IdDifferingInCase_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewEntry("web"), Ct);

        Assert.Null(await store.GetAsync("WEB", Ct));
    }

    [Fact]
    public async Task Update_MatchingRevision_ReplacesAndBumpsRevision()
    {
        var store = await CreateStoreAsync();
        var created = (await store.CreateAsync(NewEntry("web"), Ct)).Entry!;

        var result = await store.UpdateAsync(created with { Selectors = [Account, Role], Hint = "updated" }, Ct);

        Assert.Equal(RegistrationWriteStatus.Succeeded, result.Status);
        Assert.Equal(2, result.Entry!.Revision);
        var stored = await store.GetAsync("web", Ct);
        Assert.Equal(2, stored!.Revision);
        Assert.Equal("updated", stored.Hint);
        Assert.Equal([Account, Role], stored.Selectors);
    }

    [Fact]
    public async Task Update_StaleRevision_ReturnsConflictAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var created = (await store.CreateAsync(NewEntry("web"), Ct)).Entry!;
        await store.UpdateAsync(created with { Hint = "first" }, Ct);

        var result = await store.UpdateAsync(created with { Hint = "second" }, Ct);

        Assert.Equal(RegistrationWriteStatus.Conflict, result.Status);
        Assert.Null(result.Entry);
        var stored = await store.GetAsync("web", Ct);
        Assert.Equal("first", stored!.Hint);
        Assert.Equal(2, stored.Revision);
    }

    [Fact]
    public async Task Update_UnknownId_ReturnsNotFoundAndCreatesNothing()
    {
        var store = await CreateStoreAsync();

        var result = await store.UpdateAsync(NewEntry("web") with { Revision = 1 }, Ct);

        Assert.Equal(RegistrationWriteStatus.NotFound, result.Status);
        Assert.Null(await store.GetAsync("web", Ct));
    }

    [Fact]
    public async Task Update_ConcurrentWithSameRevision_ExactlyOneSucceeds()
    {
        var store = await CreateStoreAsync();
        var created = (await store.CreateAsync(NewEntry("web"), Ct)).Entry!;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var updates = Enumerable.Range(0, 20)
            .Select(i => Task.Run(async () =>
            {
                await start.Task;
                return await store.UpdateAsync(created with { Hint = $"writer-{i}" }, Ct);
            }, Ct))
            .ToArray();

        start.SetResult();
        var results = await Task.WhenAll(updates);

        var winner = Assert.Single(results, r => r.Status == RegistrationWriteStatus.Succeeded);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(RegistrationWriteStatus.Conflict, r.Status));
        var stored = await store.GetAsync("web", Ct);
        Assert.Equal(2, stored!.Revision);
        Assert.Equal(winner.Entry!.Hint, stored.Hint);
    }

    [Fact]
    public async Task Delete_ExistingEntry_RemovesIt()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewEntry("web"), Ct);

        var result = await store.DeleteAsync("web", expectedRevision: null, Ct);

        Assert.Equal(RegistrationWriteStatus.Succeeded, result.Status);
        Assert.Null(await store.GetAsync("web", Ct));
    }

    [Fact]
    public async Task Delete_MatchingExpectedRevision_RemovesIt()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewEntry("web"), Ct);

        var result = await store.DeleteAsync("web", expectedRevision: 1, Ct);

        Assert.Equal(RegistrationWriteStatus.Succeeded, result.Status);
        Assert.Null(await store.GetAsync("web", Ct));
    }

    [Fact]
    public async Task Delete_StaleExpectedRevision_ReturnsConflictAndKeepsEntry()
    {
        var store = await CreateStoreAsync();
        var created = (await store.CreateAsync(NewEntry("web"), Ct)).Entry!;
        await store.UpdateAsync(created, Ct);

        var result = await store.DeleteAsync("web", expectedRevision: 1, Ct);

        Assert.Equal(RegistrationWriteStatus.Conflict, result.Status);
        Assert.NotNull(await store.GetAsync("web", Ct));
    }

    [Fact]
    public async Task Delete_UnknownId_ReturnsNotFound()
    {
        var store = await CreateStoreAsync();

        var result = await store.DeleteAsync("missing", expectedRevision: null, Ct);

        Assert.Equal(RegistrationWriteStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task Create_AfterDelete_StartsAgainAtRevisionOne()
    {
        var store = await CreateStoreAsync();
        var created = (await store.CreateAsync(NewEntry("web"), Ct)).Entry!;
        await store.UpdateAsync(created, Ct);
        await store.DeleteAsync("web", expectedRevision: null, Ct);

        var result = await store.CreateAsync(NewEntry("web"), Ct);

        Assert.Equal(RegistrationWriteStatus.Succeeded, result.Status);
        Assert.Equal(1, result.Entry!.Revision);
    }

    private static void AssertSameEntry(RegistrationEntry expected, RegistrationEntry? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.SpiffeId, actual.SpiffeId);
        Assert.Equal(expected.ParentId, actual.ParentId);
        Assert.Equal(expected.Selectors, actual.Selectors);
        Assert.Equal(expected.X509SvidTtl, actual.X509SvidTtl);
        Assert.Equal(expected.JwtSvidTtl, actual.JwtSvidTtl);
        Assert.Equal(expected.Audiences, actual.Audiences);
        Assert.Equal(expected.DnsNames, actual.DnsNames);
        Assert.Equal(expected.Hint, actual.Hint);
        Assert.Equal(expected.ExpiresAt, actual.ExpiresAt);
        Assert.Equal(expected.Revision, actual.Revision);
    }
}
