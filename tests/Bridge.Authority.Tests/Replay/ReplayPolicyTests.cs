using Bridge.Abstractions.Replay;

namespace Bridge.Authority.Tests.Replay;

public sealed class ReplayPolicyTests
{
    [Fact]
    public void Default_IsSingleUse()
    {
        Assert.Equal(ReplayPolicy.SingleUse, default);
        Assert.Equal(1, default(ReplayPolicy).MaxUses);
        Assert.True(default(ReplayPolicy).IsSingleUse);
    }

    [Fact]
    public void BoundedReuseOfOne_EqualsSingleUse() => Assert.Equal(ReplayPolicy.SingleUse, ReplayPolicy.BoundedReuse(1));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(ReplayPolicy.MaxAllowedUses + 1)]
    public void BoundedReuse_OutOfRange_Throws(int maxUses) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplayPolicy.BoundedReuse(maxUses));

    [Fact]
    public void BoundedReuse_KeepsItsLimit()
    {
        var policy = ReplayPolicy.BoundedReuse(7);

        Assert.Equal(7, policy.MaxUses);
        Assert.False(policy.IsSingleUse);
        Assert.Equal("BoundedReuse(7)", policy.ToString());
    }
}
