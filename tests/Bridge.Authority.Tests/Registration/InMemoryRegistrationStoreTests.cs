using Bridge.Authority.Local.Registration;
using Bridge.Authority.Registration;
using static Bridge.Authority.Tests.Registration.TestEntries;

namespace Bridge.Authority.Tests.Registration;

public sealed class InMemoryRegistrationStoreTests
{
    [Fact]
    public async Task Constructor_InitialEntries_KeepTheirRevisions()
    {
        var store = new InMemoryRegistrationStore([Entry("web") with { Revision = 5 }]);

        Assert.Equal(5, (await store.GetAsync("web", TestContext.Current.CancellationToken))!.Revision);
    }

    [Fact]
    public void Constructor_DuplicateIds_Throws() =>
        Assert.Throws<ArgumentException>(() => new InMemoryRegistrationStore([Entry("web"), Entry("web")]));
}
