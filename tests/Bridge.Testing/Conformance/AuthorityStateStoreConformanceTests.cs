using System.Text;
using Bridge.Abstractions.State;
using Xunit;

namespace Bridge.Testing.Conformance;

/// <summary>
/// The contract every <see cref="IAuthorityStateStore"/> backend meets. A backend's test project subclasses this with
/// a one-line factory; every instance the factory returns must share one storage, as instances of the service do.
/// </summary>
public abstract class AuthorityStateStoreConformanceTests
{
    /// <summary>Returns a store over the test's storage; repeated calls return stores over the same storage.</summary>
    protected abstract IAuthorityStateStore CreateStore();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A document name no other test of this class uses, so backends may share storage across tests.</summary>
    protected static string NewName() => "doc-" + Guid.NewGuid().ToString("N")[..16];

    [Fact]
    public async Task Get_NeverWritten_ReturnsNull()
    {
        Assert.Null(await CreateStore().GetAsync(NewName(), Ct));
    }

    [Fact]
    public async Task TryWrite_NewDocumentAtRevisionZero_StoresRevisionOne()
    {
        var store = CreateStore();
        var name = NewName();

        var written = await store.TryWriteAsync(name, Bytes("first"), 0, Ct);

        Assert.NotNull(written);
        Assert.Equal(1, written.Revision);
        var read = await store.GetAsync(name, Ct);
        Assert.NotNull(read);
        Assert.Equal(name, read.Name);
        Assert.Equal(1, read.Revision);
        Assert.Equal("first", Text(read));
    }

    [Fact]
    public async Task TryWrite_MatchingRevision_ReplacesContentAndIncrementsRevision()
    {
        var store = CreateStore();
        var name = NewName();
        await store.TryWriteAsync(name, Bytes("first"), 0, Ct);

        var written = await store.TryWriteAsync(name, Bytes("second"), 1, Ct);

        Assert.Equal(2, written!.Revision);
        var read = await CreateStore().GetAsync(name, Ct);
        Assert.Equal(2, read!.Revision);
        Assert.Equal("second", Text(read));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(7)]
    public async Task TryWrite_StaleOrFutureRevision_ReturnsNullAndKeepsDocument(long expectedRevision)
    {
        var store = CreateStore();
        var name = NewName();
        await store.TryWriteAsync(name, Bytes("kept"), 0, Ct);

        Assert.Null(await store.TryWriteAsync(name, Bytes("lost"), expectedRevision, Ct));

        var read = await store.GetAsync(name, Ct);
        Assert.Equal(1, read!.Revision);
        Assert.Equal("kept", Text(read));
    }

    [Fact]
    public async Task TryWrite_MissingDocumentAtNonZeroRevision_ReturnsNullAndCreatesNothing()
    {
        var store = CreateStore();
        var name = NewName();

        Assert.Null(await store.TryWriteAsync(name, Bytes("x"), 3, Ct));

        Assert.Null(await store.GetAsync(name, Ct));
    }

    [Fact]
    public async Task TryWrite_ConcurrentWritersOfOneRevision_ExactlyOneWins()
    {
        var name = NewName();
        await CreateStore().TryWriteAsync(name, Bytes("base"), 0, Ct);

        var writers = Enumerable.Range(0, 20)
            .Select(i => Task.Run(() => CreateStore().TryWriteAsync(name, Bytes($"writer-{i}"), 1, Ct), Ct));
        var results = await Task.WhenAll(writers);

        var winner = Assert.Single(results, r => r is not null);
        var read = await CreateStore().GetAsync(name, Ct);
        Assert.Equal(2, read!.Revision);
        Assert.Equal(Text(winner!), Text(read));
    }

    [Fact]
    public async Task TryWrite_BinaryContentAtMaximumSize_RoundTripsExactly()
    {
        var store = CreateStore();
        var name = NewName();
        var content = new byte[IAuthorityStateStore.MaxContentBytes];
        new Random(42).NextBytes(content);

        await store.TryWriteAsync(name, content, 0, Ct);

        var read = await store.GetAsync(name, Ct);
        Assert.Equal(content, read!.Content.ToArray());
    }

    [Fact]
    public async Task TryWrite_CallerReusesBuffer_StoredContentUnchanged()
    {
        var store = CreateStore();
        var name = NewName();
        var buffer = Bytes("original");

        await store.TryWriteAsync(name, buffer, 0, Ct);
        buffer.AsSpan().Fill((byte)'x');

        Assert.Equal("original", Text((await store.GetAsync(name, Ct))!));
    }

    [Fact]
    public async Task Documents_DifferentNames_AreIndependent()
    {
        var store = CreateStore();
        var first = NewName();
        var second = NewName();

        await store.TryWriteAsync(first, Bytes("a"), 0, Ct);
        await store.TryWriteAsync(second, Bytes("b"), 0, Ct);
        await store.TryWriteAsync(second, Bytes("b2"), 1, Ct);

        Assert.Equal(1, (await store.GetAsync(first, Ct))!.Revision);
        Assert.Equal("b2", Text((await store.GetAsync(second, Ct))!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("1starts-with-digit")]
    [InlineData("has/slash")]
    [InlineData("has space")]
    [InlineData("a-name-that-is-far-too-long-for-a-state-document-because-it-exceeds-64")]
    public async Task Operations_InvalidName_Throw(string name)
    {
        var store = CreateStore();

        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(name, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.TryWriteAsync(name, Bytes("x"), 0, Ct));
    }

    [Fact]
    public async Task TryWrite_EmptyOversizedOrNegativeRevision_ThrowsAndStoresNothing()
    {
        var store = CreateStore();
        var name = NewName();

        await Assert.ThrowsAsync<ArgumentException>(() => store.TryWriteAsync(name, ReadOnlyMemory<byte>.Empty, 0, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.TryWriteAsync(name, new byte[IAuthorityStateStore.MaxContentBytes + 1], 0, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.TryWriteAsync(name, Bytes("x"), -1, Ct));

        Assert.Null(await store.GetAsync(name, Ct));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(StateDocument document) => Encoding.UTF8.GetString(document.Content.Span);
}
