using Bridge.Authority.Local.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Authority.Tests.Nodes;

public sealed class InMemoryNodeStoreOptionsValidatorTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(366 * 24)]
    public void Validate_GraceOutOfRange_Fails(int hours)
    {
        var result = new InMemoryNodeStoreOptionsValidator().Validate(null, new InMemoryNodeStoreOptions { ExpiryGrace = TimeSpan.FromHours(hours) });

        Assert.True(result.Failed);
        Assert.Throws<OptionsValidationException>(() =>
            new InMemoryNodeStore(Options.Create(new InMemoryNodeStoreOptions { ExpiryGrace = TimeSpan.FromHours(hours) }), new FakeTimeProvider()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(24)]
    public void Validate_GraceInRange_Succeeds(int hours)
    {
        Assert.True(new InMemoryNodeStoreOptionsValidator().Validate(null, new InMemoryNodeStoreOptions { ExpiryGrace = TimeSpan.FromHours(hours) }).Succeeded);
    }
}
